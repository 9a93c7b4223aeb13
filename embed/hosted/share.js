/* Hosted task page: the copy button (and the system share sheet where there is one) for
   the share box. Without JavaScript the box still has its links and the link to select. */
(function () {
  "use strict";
  var box = document.querySelector("[data-share]");
  if (!box) return;
  var field = box.querySelector("input");
  var copy = box.querySelector("[data-copy]");
  var share = box.querySelector("[data-share-sheet]");
  var status = box.querySelector("[role=status]");

  function announce(text) {
    // Emptied first, so the same words are announced again on a second copy.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function selectAndCopy() {
    field.focus();
    field.select();
    try {
      if (document.execCommand("copy")) announce(box.getAttribute("data-copied"));
      else announce(box.getAttribute("data-select"));
    } catch (e) { announce(box.getAttribute("data-select")); }
  }

  copy.hidden = false;
  copy.addEventListener("click", function () {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(field.value).then(function () {
        announce(box.getAttribute("data-copied"));
      }, selectAndCopy);
    } else {
      selectAndCopy();
    }
  });
  if (navigator.share) {
    share.hidden = false;
    share.addEventListener("click", function () {
      navigator.share({ title: box.getAttribute("data-title"), url: field.value })["catch"](function () {});
    });
  }
})();
