"""Read an HTML form as a browser would submit it (for admin form tests)."""

from __future__ import annotations

from bs4 import BeautifulSoup


def form_values(html: str, form_id: str | None = None) -> dict:
    """The values a browser would post for the form (unchanged), as a dict of str or
    list of str for multiple values. Submit buttons are left out."""
    soup = BeautifulSoup(html, "html.parser")
    form = soup.find("form", id=form_id) if form_id else soup.find("form", method="post")
    data: dict = {}

    def add(name, value):
        if name in data:
            existing = data[name]
            data[name] = (existing if isinstance(existing, list) else [existing]) + [value]
        else:
            data[name] = value

    for element in form.find_all(["input", "select", "textarea"]):
        name = element.get("name")
        if not name or element.has_attr("disabled"):
            continue
        if element.name == "input":
            kind = element.get("type", "text")
            if kind in ("submit", "button", "image", "file", "reset"):
                continue
            if kind in ("checkbox", "radio"):
                if element.has_attr("checked"):
                    add(name, element.get("value", "on"))
                continue
            add(name, element.get("value", ""))
        elif element.name == "select":
            selected = element.find_all("option", selected=True)
            if not selected and not element.has_attr("multiple"):
                first = element.find("option")
                selected = [first] if first else []
            for option in selected:
                add(name, option.get("value", option.text))
        else:
            add(name, element.text)
    return data


def ticked_boxes(html: str) -> list[str]:
    """Names of the checkboxes a visitor finds ticked and could untick (a disabled,
    ticked box such as "strictly necessary cookies, always on" is no choice)."""
    soup = BeautifulSoup(html, "html.parser")
    return [
        box.get("name") or box.get("id", "")
        for box in soup.find_all("input", type="checkbox")
        if box.has_attr("checked") and not box.has_attr("disabled")
    ]
