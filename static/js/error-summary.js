// The error summary of a form with errors (templates/includes/error_summary.html), as GOV.UK's: when the page loads,
// the focus moves to the summary, so that a screen reader reads it and a keyboard user starts from it; a link in it
// moves the focus to its input and shows the input's label (or its group's legend) with it.
(function () {
  "use strict";
  if (window.errorSummaryReady) {
    return; // the script is included with every summary; one run handles them all
  }
  window.errorSummaryReady = true;

  function labelOf(input) {
    // An option of a group (radio buttons, checkboxes) is shown with the group's legend, any other input with its label.
    var group = (input.type === "radio" || input.type === "checkbox") && input.closest("fieldset");
    if (group && group.querySelector("legend")) {
      return group.querySelector("legend");
    }
    return (input.id && document.querySelector('label[for="' + CSS.escape(input.id) + '"]')) || input;
  }

  function moveTo(link, event) {
    var input = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!input) {
      return;
    }
    event.preventDefault();
    labelOf(input).scrollIntoView();
    input.focus({ preventScroll: true });
  }

  var summaries = document.querySelectorAll("[data-error-summary]");
  summaries.forEach(function (summary) {
    summary.addEventListener("click", function (event) {
      var link = event.target.closest('a[href^="#"]');
      if (link) {
        moveTo(link, event);
      }
    });
  });
  if (summaries.length) {
    summaries[0].focus();
  }
})();
