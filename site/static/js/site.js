// Tevenn Devices: progressive enhancements only; every page works without JavaScript.
// Loaded from the site itself with `defer`; no inline handlers anywhere (strict CSP).
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Collapsible navigation on small screens.
  var toggle = document.querySelector("[data-nav-toggle]");
  var nav = document.getElementById("site-nav");
  if (toggle && nav) {
    var small = window.matchMedia("(max-width: 48rem)");
    var sync = function () {
      toggle.hidden = !small.matches;
      nav.dataset.collapsed = small.matches && toggle.getAttribute("aria-expanded") !== "true" ? "true" : "false";
    };
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", open ? "false" : "true");
      sync();
    });
    small.addEventListener("change", sync);
    sync();
  }
})();
