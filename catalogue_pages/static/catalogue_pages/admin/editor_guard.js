/*
 * The page editor warns before leaving while an edit is not saved yet (docs/editors.md).
 *
 * Wagtail 8 autosaves about half a second after a change and, with autosave on, turns its
 * own "unsaved changes" warning off; an edit typed just after opening the editor, or just
 * before leaving it, was lost without a word. Here every input marks the form dirty at once;
 * only an autosave that started after the last input and succeeded clears it. On success the
 * header's "Draft saved" badge is shown (the template renders it for saved drafts too). An
 * edit Wagtail's change detection misses (typed in the first seconds, or during a save) is
 * autosaved too.
 */
(function () {
  "use strict";

  function guard() {
    var form = document.querySelector("form[data-edit-form]");
    if (!form) {
      return;
    }
    var inputs = 0; // inputs so far
    var covered = 0; // inputs included in the save on its way
    var saved = 0; // inputs included in the last successful save
    var submitting = false;

    function changed() {
      inputs += 1;
    }
    function pending() {
      return !submitting && saved < inputs;
    }
    form.addEventListener("input", changed, true);
    form.addEventListener("change", changed, true);
    form.addEventListener("submit", function () {
      submitting = true;
    });
    form.addEventListener("w-autosave:save", function () {
      covered = inputs;
    });
    form.addEventListener("w-autosave:success", function () {
      saved = covered;
      document.querySelectorAll("[data-draft-state]").forEach(function (badge) {
        badge.hidden = false;
      });
    });
    // Wagtail compares the form with a snapshot it takes about 2 s after the editor opens and
    // again after each autosave; an edit made before the first snapshot, or while a save was
    // on its way, is in the new snapshot, so Wagtail never saves it. When it snapshots while
    // an edit is unsaved, ask for the autosave Wagtail's own "changed" event would have asked
    // for (after the success handlers of the same moment have run).
    form.addEventListener("w-unsaved:watch-edits", function () {
      window.setTimeout(function () {
        if (pending()) {
          form.dispatchEvent(
            new CustomEvent("w-unsaved:add", {
              bubbles: true,
              cancelable: true,
              detail: { type: "edits" },
            })
          );
        }
      }, 0);
    });
    window.addEventListener("beforeunload", function (event) {
      if (pending()) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
    window.portalEditorGuard = { pending: pending };
  }

  if (document.readyState === "loading") {
    // Wagtail inserts editor scripts in the page head: wait for the form.
    document.addEventListener("DOMContentLoaded", guard);
  } else {
    guard();
  }
})();
