// Small progressive enhancements; everything works without this file.
(function () {
  "use strict";
  // The skip link moves keyboard focus into the main region, not only the scroll position.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.skip-link");
    if (!link) return;
    var target = document.getElementById("main");
    if (target) { target.focus(); }
  });
})();
