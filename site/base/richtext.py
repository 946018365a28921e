"""The rich-text features editors get in every rich-text field and block of the site."""

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4"]
