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
 *  - the filters panel (<details data-filters-panel>) is opened on wide screens;
 *  - buttons with the attribute data-print (on /lijst) print the page;
 *  - links inside a shortlist item (.ww-list-item, on /lijst) get data-print-url with their
 *    full address, which the print stylesheet shows on paper;
 *  - "Kopieer link" buttons (button[data-copy], on /lijst) are shown and copy the list's address;
 *  - "Gebruik mijn locatie" (button[data-locate] in the search box) is shown where the browser can
 *    tell where it is: the position, rounded to about 100 metres before it leaves the page,
 *    replaces the postcode and the form is sent;
 *  - a page with a form[data-partner-script] (the partners' entry form) loads partner.js. */
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
      if (submitting || !box || (box.type !== "checkbox" && box.type !== "radio")) return;
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
    var boxes = document.querySelectorAll('input[type="checkbox"], input[type="radio"]');
    for (var i = 0; i < boxes.length; i++) {
      if (boxes[i].name === saved.name && boxes[i].value === saved.value) {
        var panel = boxes[i].closest("details");
        if (panel) panel.open = true; /* on a phone the filters wait behind "Filters (n)" */
        boxes[i].focus();
        return;
      }
    }
  }

  /* The filters of /zoeken stand open beside the results on a wide screen (the stylesheet does
   * this too, for browsers with ::details-content) and wait behind "Filters (n)" on a phone. */
  function openFiltersWhenWide() {
    var panel = document.querySelector("[data-filters-panel]");
    if (!panel || !window.matchMedia) return;
    var wide = window.matchMedia("(min-width: 50em)");
    function follow() {
      if (wide.matches) panel.open = true;
    }
    follow();
    if (wide.addEventListener) wide.addEventListener("change", follow);
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

  /* "Kopieer link" on /lijst: a button[data-copy] that the page sends hidden (without a
   * script the link text beside it is the way to copy); shown here, it copies its address and
   * says so in the status line (.ww-copy-status) beside it. */
  function enhanceCopyButtons() {
    if (!navigator.clipboard || typeof navigator.clipboard.writeText !== "function") return;
    var buttons = document.querySelectorAll("button[data-copy]");
    for (var i = 0; i < buttons.length; i++) {
      var button = buttons[i];
      button.hidden = false;
      button.addEventListener("click", function (event) {
        var b = event.currentTarget;
        var scope = b.closest("section") || document;
        var status = scope.querySelector(".ww-copy-status");
        navigator.clipboard.writeText(b.getAttribute("data-copy")).then(
          function () {
            if (status) status.textContent = "De link is gekopieerd. U kunt hem nu plakken.";
          },
          function () {
            if (status) status.textContent = "Kopiëren lukte niet. Selecteer de link hierboven en kopieer hem zelf.";
          }
        );
      });
    }
  }

  /* Three decimals of a degree: about 110 m north-south and 70 m east-west in Zwolle. Enough
   * for "dichtbij", and no street address leaves the page. */
  function roundedDegrees(value) {
    return (Math.round(value * 1000) / 1000).toFixed(3);
  }

  function setHidden(form, name, value) {
    var field = form.querySelector('input[type="hidden"][name="' + name + '"]');
    if (!field) {
      field = document.createElement("input");
      field.type = "hidden";
      field.name = name;
      form.appendChild(field);
    }
    field.value = value;
  }

  function enhanceLocateButtons() {
    if (!navigator.geolocation) return;
    var buttons = document.querySelectorAll("button[data-locate]");
    for (var i = 0; i < buttons.length; i++) {
      var button = buttons[i];
      button.hidden = false;
      button.addEventListener("click", function (event) {
        var b = event.currentTarget;
        var form = b.closest("form");
        var status = form.querySelector("[data-locate-status]");
        function say(text) {
          if (status) status.textContent = text;
        }
        say("Uw locatie wordt opgezocht…");
        b.disabled = true;
        navigator.geolocation.getCurrentPosition(
          function (position) {
            var postcode = form.querySelector('input[name="postcode"]');
            if (postcode) postcode.value = "";
            setHidden(form, "lat", roundedDegrees(position.coords.latitude));
            setHidden(form, "lon", roundedDegrees(position.coords.longitude));
            say("Uw locatie is gevonden. De resultaten worden geladen.");
            if (typeof form.requestSubmit === "function") form.requestSubmit();
            else form.submit();
          },
          function () {
            b.disabled = false;
            say("Uw locatie is niet gevonden. Vul dan uw postcode in.");
          },
          { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 }
        );
      });
    }
  }

  var forms = document.querySelectorAll("form");
  for (var i = 0; i < forms.length; i++) {
    if (isFilterForm(forms[i])) enhanceFilterForm(forms[i]);
  }
  openFiltersWhenWide();
  restoreFocus();
  enhancePrintButtons();
  markShortlistUrls();
  enhanceCopyButtons();
  enhanceLocateButtons();

  /* The partners' entry form has a script of its own (partner.js): only its pages load it. */
  if (document.querySelector("form[data-partner-script]")) {
    var partnerScript = document.createElement("script");
    partnerScript.src = "/static/js/partner.js";
    document.head.appendChild(partnerScript);
  }
})();
