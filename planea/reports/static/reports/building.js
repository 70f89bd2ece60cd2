/* The "being built" page of a report (templates/reports/report_building.html):
   asks the server every two seconds whether the report is still being built
   (202), and once it is not -- ready, or failed -- shows that page instead.
   A file of the site's, not an inline script, which the site's policy
   refuses; and not a <meta> refresh, which takes the page from under a
   reader (WCAG 2.2.1). Without scripts, the page's own link checks again. */
(function () {
  "use strict";
  var status = document.querySelector("[data-report-wait]");
  if (!status) {
    return;
  }
  var address = status.getAttribute("data-report-wait");
  function check() {
    fetch(address, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.status === 202) {
          window.setTimeout(check, 2000);
        } else {
          window.location.assign(address);
        }
      })
      .catch(function () {
        window.setTimeout(check, 5000);
      });
  }
  window.setTimeout(check, 2000);
})();
