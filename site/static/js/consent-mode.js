// Loaded first, before any other script: Google Consent Mode v2 starts with
// everything denied, whatever happens next; and the page knows JavaScript runs.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  window.dataLayer = window.dataLayer || [];
  window.gtag = window.gtag || function () { window.dataLayer.push(arguments); };
  window.gtag("consent", "default", {
    ad_storage: "denied",
    ad_user_data: "denied",
    ad_personalization: "denied",
    analytics_storage: "denied",
    functionality_storage: "denied",
    personalization_storage: "denied",
    security_storage: "granted",
    wait_for_update: 500
  });
  window.gtag("set", "ads_data_redaction", true);
})();
