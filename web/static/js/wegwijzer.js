/* wegwijzer.js -- small improvements on top of pages that work fully without JavaScript.
 *
 * Loaded once per page as <script src="/static/js/wegwijzer.js" defer></script>; no inline
 * code and no inline handlers (the Content-Security-Policy forbids them).
 *
 *  - puts class "js" on <html>, so CSS can show what needs a script (the print button);
 *  - filter forms (a form with the attribute data-filters, "Filters" on /zoeken): changing a checkbox
 *    submits the form at once, the "Filters toepassen" button is hidden (class ww-js-hidden),
 *    a short line tells the user this, and after the new page loads the same checkbox has
 *    focus again, so keyboard users keep their place;
 *  - buttons with the attribute data-print (on /lijst) print the page;
 *  - links inside a shortlist item (.ww-list-item, on /lijst) get data-print-url with their
 *    full address, which the print stylesheet shows on paper. */
(function () {
  "use strict";

  var FOCUS_KEY = "wegwijzer-filter-focus";
  var root = document.documentElement;
  root.classList.add("js");

  function storage() {
    try {
      return window.sessionStorage;
    } catch (e) {
      return null; /* storage switched off: everything still works, focus is not restored */
    }
  }

  /* Only forms that say so: the partners' entry form has checkboxes too, and must wait for
   * its "Opslaan" button. */
  function isFilterForm(form) {
    return form.hasAttribute("data-filters");
  }

  function enhanceFilterForm(form) {
    var submitting = false;
    var buttons = form.querySelectorAll('button[type="submit"], button:not([type]), input[type="submit"]');
    for (var i = 0; i < buttons.length; i++) buttons[i].classList.add("ww-js-hidden");

    var hint = document.createElement("p");
    hint.className = "ww-filter-hint";
    hint.textContent = "De resultaten veranderen meteen als u een vakje aanzet of uitzet.";
    var heading = form.querySelector("h2, h3");
    if (heading && heading.parentNode === form) form.insertBefore(hint, heading.nextSibling);
    else form.insertBefore(hint, form.firstChild);

    form.addEventListener("change", function (event) {
      var box = event.target;
      if (submitting || !box || box.type !== "checkbox") return;
      submitting = true;
      var s = storage();
      if (s) {
        try {
          s.setItem(FOCUS_KEY, JSON.stringify({ path: location.pathname, name: box.name, value: box.value }));
        } catch (e) {
          /* full or refused: no focus restore */
        }
      }
      if (typeof form.requestSubmit === "function") form.requestSubmit();
      else form.submit();
    });
  }

  /* After an automatic submit: give focus back to the checkbox that was changed. */
  function restoreFocus() {
    var s = storage();
    if (!s) return;
    var saved = null;
    try {
      saved = JSON.parse(s.getItem(FOCUS_KEY) || "null");
      s.removeItem(FOCUS_KEY);
    } catch (e) {
      return;
    }
    if (!saved || saved.path !== location.pathname || typeof saved.name !== "string") return;
    var boxes = document.querySelectorAll('input[type="checkbox"]');
    for (var i = 0; i < boxes.length; i++) {
      if (boxes[i].name === saved.name && boxes[i].value === saved.value) {
        boxes[i].focus();
        return;
      }
    }
  }

  function enhancePrintButtons() {
    var buttons = document.querySelectorAll("[data-print]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener("click", function (event) {
        event.preventDefault();
        window.print();
      });
    }
  }

  function markShortlistUrls() {
    var links = document.querySelectorAll(".ww-list-item a[href]");
    for (var i = 0; i < links.length; i++) {
      var a = links[i];
      if (a.protocol === "http:" || a.protocol === "https:") a.setAttribute("data-print-url", a.href);
    }
  }

  var forms = document.querySelectorAll("form");
  for (var i = 0; i < forms.length; i++) {
    if (isFilterForm(forms[i])) enhanceFilterForm(forms[i]);
  }
  restoreFocus();
  enhancePrintButtons();
  markShortlistUrls();
})();
