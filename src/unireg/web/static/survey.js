// Field registration: ask the server to check the form as the enumerator types
// (the country rules live once, in Python). No framework, no network beyond this site.
(function () {
  "use strict";
  var form = document.getElementById("survey");
  if (!form || !window.fetch || !window.FormData) { return; }
  var url = form.getAttribute("data-check");
  var timer = null;
  var touched = {};
  var seq = 0;

  function show(problems) {
    var byField = {};
    problems.forEach(function (p) { (byField[p.field] = byField[p.field] || []).push(p.message); });
    Array.prototype.forEach.call(form.querySelectorAll(".field-problems"), function (box) {
      var field = box.getAttribute("data-for");
      var msgs = byField[field] || [];
      box.textContent = "";
      msgs.forEach(function (m) {
        var s = document.createElement("span");
        s.textContent = m;
        box.appendChild(s);
      });
      var input = form.elements[field];
      if (input) { input.classList.toggle("bad", msgs.length > 0); }
    });
  }

  function check() {
    var data = new FormData(form);
    data.append("touched", Object.keys(touched).join(","));
    var mine = ++seq;
    fetch(url, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) { if (body && mine === seq) { show(body.problems || []); } })
      .catch(function () { /* offline: the server checks again on save */ });
  }

  function later(ev) {
    if (ev && ev.target && ev.target.name) { touched[ev.target.name] = true; }
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(check, 300);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
  form.addEventListener("blur", later, true);
  // Upper-case a trailing x in the ID number as it is typed.
  var id = form.elements["id_number"];
  if (id) {
    id.addEventListener("input", function () {
      if (/x$/.test(id.value)) { id.value = id.value.replace(/x$/, "X"); }
    });
  }
})();
