/* partner.js -- the partners' entry form (/partner/aanbod/<id>, /partner/nieuw), on top of a
 * form that works fully without JavaScript. Loaded by wegwijzer.js when the page has a form
 * with the attribute data-partner-script.
 *
 *  - After a failed save the error summary (#fouten, tabindex="-1", with a heading) gets focus,
 *    so a screen reader reads it first and the keyboard starts there; without JavaScript it
 *    simply stands at the top of the form.
 *  - A section for one soort only (data-alleen-bij-veld="soort",
 *    data-alleen-bij-waarde="beschermd-thuis": the housing fields) is hidden while another soort
 *    is chosen, and opens when that soort is chosen. Without JavaScript it stays, folded, with a
 *    heading that says for which soort it is; the server ignores it for any other soort. */
(function () {
  "use strict";

  var summary = document.getElementById("fouten");
  if (summary) summary.focus();

  var forms = document.querySelectorAll("form[data-partner-script]");
  for (var f = 0; f < forms.length; f++) enhance(forms[f]);

  function chosen(form, name) {
    var inputs = form.querySelectorAll("input");
    for (var i = 0; i < inputs.length; i++) {
      if (inputs[i].name === name && inputs[i].checked) return inputs[i].value;
    }
    return "";
  }

  function enhance(form) {
    var sections = form.querySelectorAll("details[data-alleen-bij-veld]");
    if (!sections.length) return;
    function update(openIfShown) {
      for (var i = 0; i < sections.length; i++) {
        var s = sections[i];
        var applies = chosen(form, s.getAttribute("data-alleen-bij-veld")) === s.getAttribute("data-alleen-bij-waarde");
        var wasHidden = s.hidden;
        s.hidden = !applies;
        if (applies && wasHidden && openIfShown) s.open = true;
      }
    }
    update(false);
    form.addEventListener("change", function (event) {
      var t = event.target;
      if (!t || !t.name) return;
      for (var i = 0; i < sections.length; i++) {
        if (sections[i].getAttribute("data-alleen-bij-veld") === t.name) {
          update(true);
          return;
        }
      }
    });
  }
})();
