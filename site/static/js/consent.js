// The cookie banner and what runs after a choice. The page is the same for every
// visitor: this script reads the consent cookie, shows the banner when a choice is
// needed, and activates a group's scripts and embeds only once it is accepted.
(function () {
  "use strict";
  var configNode = document.getElementById("consent-config");
  if (!configNode) { return; }
  var config = JSON.parse(configNode.textContent);
  var banner = document.querySelector("[data-consent-banner]");
  var gpc = navigator.globalPrivacyControl === true;

  function readCookie() {
    var prefix = config.cookieName + "=";
    var raw = document.cookie.split("; ").filter(function (c) { return c.indexOf(prefix) === 0; })[0];
    var values = {};
    if (!raw) { return values; }
    var text = decodeURIComponent(raw.slice(prefix.length)).replace(/^"|"$/g, "");
    text.split("|").forEach(function (pair) {
      var parts = pair.split("=");
      if (parts.length === 2) { values[parts[0]] = parts[1]; }
    });
    return values;
  }

  function currentState() {
    var stored = readCookie();
    var decisions = {};
    var undecided = false;
    var decidedAt = stored._at ? Date.parse(stored._at) : NaN;
    var expired = isNaN(decidedAt) || (Date.now() - decidedAt) > config.maxAgeDays * 86400000;
    config.groups.forEach(function (group) {
      var value = expired ? undefined : stored[group.varname];
      if (value === undefined) { decisions[group.varname] = null; undecided = true; }
      else if (value === config.decline) { decisions[group.varname] = false; }
      else if (value >= group.version) { decisions[group.varname] = true; }
      else { decisions[group.varname] = null; undecided = true; }
    });
    if (gpc) {
      config.gpcRefused.forEach(function (varname) {
        if (decisions[varname] !== true && varname in decisions) { decisions[varname] = false; }
      });
    }
    var policy = parseInt(stored._v || "0", 10);
    return {
      decisions: decisions,
      needsChoice: expired || undecided || policy < config.materialPolicyVersion
    };
  }

  function updateConsentMode(decisions) {
    var granted = function (yes) { return yes ? "granted" : "denied"; };
    window.gtag("consent", "update", {
      analytics_storage: granted(decisions.analytics === true),
      ad_storage: granted(decisions.marketing === true),
      ad_user_data: granted(decisions.marketing === true),
      ad_personalization: granted(decisions.marketing === true),
      functionality_storage: granted(decisions.functional === true),
      personalization_storage: granted(decisions.functional === true)
    });
  }

  // Where a script may have set a cookie: this host only, or any parent domain
  // (Google Analytics sets its cookies on the widest domain it can).
  function cookieDomains() {
    var host = window.location.hostname;
    var domains = [""];
    if (/^[0-9.]+$/.test(host) || host.indexOf(":") !== -1) { return domains; }
    var labels = host.split(".");
    for (var i = 0; i < labels.length - 1; i++) {
      domains.push("; domain=." + labels.slice(i).join("."));
    }
    return domains;
  }

  // A declared name ending with * stands for a family of cookies ("_ga_*").
  function namesMatching(declared) {
    if (declared.slice(-1) !== "*") { return [declared]; }
    var prefix = declared.slice(0, -1);
    if (!prefix) { return []; }
    return document.cookie.split(";").map(function (part) {
      return part.split("=")[0].trim();
    }).filter(function (name) { return name && name.indexOf(prefix) === 0; });
  }

  function deleteCookiesOf(varname) {
    var domains = cookieDomains();
    config.groups.forEach(function (group) {
      if (group.varname !== varname) { return; }
      group.cookies.forEach(function (cookie) {
        namesMatching(cookie.name).forEach(function (name) {
          var base = name + "=; Max-Age=0; path=" + (cookie.path || "/");
          domains.forEach(function (domain) { document.cookie = base + domain; });
          if (cookie.domain) { document.cookie = base + "; domain=" + cookie.domain; }
        });
      });
    });
  }

  function activateScripts(varname) {
    document.querySelectorAll('script[type="text/plain"][data-consent-group="' + varname + '"]').forEach(function (node) {
      if (node.dataset.activated) { return; }
      node.dataset.activated = "1";
      var script = document.createElement("script");
      script.src = node.dataset.src;
      script.async = true;
      document.head.appendChild(script);
    });
  }

  function loadEmbed(placeholder) {
    if (placeholder.dataset.loaded) { return; }
    placeholder.dataset.loaded = "1";
    var frame = document.createElement("iframe");
    frame.src = placeholder.dataset.embedSrc;
    frame.title = placeholder.dataset.title || "";
    frame.allow = "accelerometer; encrypted-media; gyroscope; picture-in-picture";
    frame.setAttribute("allowfullscreen", "");
    frame.className = "video-embed__frame";
    placeholder.replaceChildren(frame);
  }

  function apply(decisions) {
    updateConsentMode(decisions);
    Object.keys(decisions).forEach(function (varname) {
      if (decisions[varname] === true) {
        activateScripts(varname);
        document.querySelectorAll('[data-embed-group="' + varname + '"]').forEach(loadEmbed);
        document.querySelectorAll('[data-consent-show="' + varname + '"]').forEach(function (node) { node.hidden = false; });
      } else if (decisions[varname] === false) {
        deleteCookiesOf(varname);
      }
    });
  }

  function post(form, action, groups) {
    var data = new FormData();
    // The banner has no token (pages are the same for everyone; the server checks
    // the origin); the preference centre's form has one.
    var token = form.querySelector("[name=csrfmiddlewaretoken]");
    if (token) { data.append("csrfmiddlewaretoken", token.value); }
    data.append("action", action);
    (groups || []).forEach(function (varname) { data.append("groups", varname); });
    // form.action would be the buttons named "action": read the attribute.
    return window.fetch(form.getAttribute("action"), {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (!response.ok) { throw new Error("consent not saved"); }
      return response.json();
    });
  }

  // While the banner shows, the page keeps room for it at its foot (site.css), so that
  // it never hides a focused control; it grows when "Choose" opens.
  var sizeObserver = null;
  function reserveRoom() {
    var root = document.documentElement;
    root.style.setProperty("--cookie-banner-height", banner.offsetHeight + "px");
  }
  function showBanner() {
    banner.classList.add("is-visible");
    document.body.classList.add("has-cookie-banner");
    reserveRoom();
    if (window.ResizeObserver) {
      sizeObserver = new ResizeObserver(reserveRoom);
      sizeObserver.observe(banner);
    }
  }
  function hideBanner() {
    var hadFocus = banner.contains(document.activeElement);
    banner.classList.remove("is-visible");
    document.body.classList.remove("has-cookie-banner");
    if (sizeObserver) { sizeObserver.disconnect(); sizeObserver = null; }
    document.documentElement.style.removeProperty("--cookie-banner-height");
    // Focus stays where the banner was in the tab order (just after the skip link),
    // and the choice is announced, instead of falling to the body.
    var status = document.querySelector("[data-consent-status]");
    if (status) { status.textContent = status.getAttribute("data-saved-text"); }
    var skip = document.querySelector("[data-skip-link]");
    if (hadFocus && skip) { skip.focus(); }
  }

  function decide(form, action, groups) {
    return post(form, action, groups).then(function () {
      var state = currentState();
      apply(state.decisions);
      if (banner && banner.classList.contains("is-visible")) { hideBanner(); }
      document.dispatchEvent(new CustomEvent("consent:changed", { detail: state.decisions }));
    });
  }

  var state = currentState();
  apply(state.decisions);

  if (banner) {
    var form = banner.querySelector("[data-consent-form]");
    if (gpc) { banner.querySelector("[data-consent-gpc]").hidden = false; }
    // The preference centre is the choice itself: no banner on top of it.
    var onPreferences = document.body.classList.contains("cookie-preferences");
    if (state.needsChoice && !onPreferences) { showBanner(); }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var action = event.submitter ? event.submitter.value : "refuse_all";
      var groups = Array.prototype.map.call(
        form.querySelectorAll("input[name=groups]:checked"), function (input) { return input.value; });
      decide(form, action, groups).catch(function () {
        // Without fetch, post the form as a plain form would (the button's value
        // is not sent by form.submit(): carry it in a hidden field).
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = "action";
        input.value = action;
        form.appendChild(input);
        form.submit();
      });
    });
  }

  // Click-to-load embeds: the visitor accepts the group the embed needs.
  document.querySelectorAll("[data-embed-accept]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var form = banner && banner.querySelector("[data-consent-form]");
      if (!form) { return; }
      decide(form, "accept_group", [button.dataset.embedAccept]);
    });
  });
})();
