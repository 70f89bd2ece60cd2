/* A page about work done in the background -- a report being built
   (templates/reports/report_building.html), a large import being stored
   (templates/plans/import/job.html): the element marked `data-wait` names the
   address to ask. Every two seconds it asks whether the work is still under
   way (202), and once it is not -- done, or failed -- shows that page instead.
   A file of the site's, not an inline script, which the site's policy
   refuses; and not a <meta> refresh, which takes the page from under a
   reader (WCAG 2.2.1). Without scripts, the page's own link checks again. */
(function () {
  "use strict";
  var status = document.querySelector("[data-wait]");
  if (!status) {
    return;
  }
  var address = status.getAttribute("data-wait");
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
