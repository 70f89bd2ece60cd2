/* The page of a large import a worker stores (templates/plans/import/job.html):
   asks the server every two seconds whether the job is still waiting or
   being stored (202), and once it is not -- stored, or failed -- shows the
   page again, with the link to the plan or the reason. A file of the site's,
   not an inline script, which the site's policy refuses; and not a <meta>
   refresh, which takes the page from under a reader (WCAG 2.2.1). Without
   scripts, the page's own link checks again. As reports/building.js. */
(function () {
  "use strict";
  var status = document.querySelector("[data-import-wait]");
  if (!status) {
    return;
  }
  var address = status.getAttribute("data-import-wait");
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
