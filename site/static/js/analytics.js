// Google Analytics: only ever added to the page by consent.js, once the visitor has
// accepted audience measurement. Consent Mode was set to "denied" before (consent-mode.js).
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("consent-config").textContent);
  if (!config.analyticsId) { return; }
  var script = document.createElement("script");
  script.async = true;
  script.src = "https://www.googletagmanager.com/gtag/js?id=" + encodeURIComponent(config.analyticsId);
  document.head.appendChild(script);
  window.gtag("js", new Date());
  // Addresses without their query string (this page's and the previous one's): they
  // can hold search terms and the newsletter's personal links.
  var referrer = "";
  try {
    var from = new URL(document.referrer);
    referrer = from.origin + from.pathname;
  } catch (error) { referrer = ""; }
  window.gtag("config", config.analyticsId, {
    page_location: window.location.origin + window.location.pathname,
    page_referrer: referrer
  });
})();
