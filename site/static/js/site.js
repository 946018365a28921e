// Tevenn Devices: progressive enhancements only; every page works without JavaScript.
// Loaded from the site itself with `defer`; no inline handlers anywhere (strict CSP).
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Collapsible navigation on small screens. The stylesheet collapses it (no layout
  // shift when this runs); the toggle is a link to the menu (#site-nav, :target)
  // that works without JavaScript, made a disclosure button here.
  var toggle = document.querySelector("[data-nav-toggle]");
  var nav = document.getElementById("site-nav");
  if (toggle && nav) {
    toggle.setAttribute("role", "button");
    toggle.setAttribute("aria-controls", "site-nav");
    toggle.setAttribute("aria-expanded", "false");
    toggle.addEventListener("click", function (event) {
      event.preventDefault();
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      nav.dataset.open = open ? "true" : "false";
    });
    // A link made a button answers the space bar too.
    toggle.addEventListener("keydown", function (event) {
      if (event.key === " ") { event.preventDefault(); toggle.click(); }
    });
  }
})();

// "The policy changed" notice. The page is the same for every visitor; what this
// visitor last read of each policy is kept in this browser only (localStorage),
// written when they read a policy or dismiss the notice, never on a mere visit.
(function () {
  "use strict";
  var KEY = "tevenn.policy-seen";

  function readSeen() {
    try {
      return JSON.parse(window.localStorage.getItem(KEY)) || {};
    } catch (error) {
      return {};
    }
  }

  function markSeen(kind, number) {
    var seen = readSeen();
    if (!seen[kind] || seen[kind] < number) {
      seen[kind] = number;
      try {
        window.localStorage.setItem(KEY, JSON.stringify(seen));
      } catch (error) {
        // Storage disabled: the notice simply shows again next time.
      }
    }
  }

  var reading = document.querySelector("[data-policy-read]");
  var readKind = null;
  if (reading) {
    var parts = reading.getAttribute("data-policy-read").split(":");
    readKind = parts[0];
    markSeen(parts[0], parseInt(parts[1], 10));
  }

  document.querySelectorAll("[data-policy-notice]").forEach(function (notice) {
    var kind = notice.getAttribute("data-policy-notice");
    var current = parseInt(notice.getAttribute("data-current"), 10);
    var material = parseInt(notice.getAttribute("data-material"), 10);
    var seen = readSeen()[kind];
    if (kind === readKind || !seen || seen >= material) {
      return;
    }
    var link = notice.querySelector("[data-policy-compare]");
    link.href = notice.getAttribute("data-versions-url") + seen + "/compare/" + current + "/";
    notice.hidden = false;
    notice.querySelector("[data-policy-dismiss]").addEventListener("click", function () {
      markSeen(kind, current);
      notice.hidden = true;
    });
  });
})();
