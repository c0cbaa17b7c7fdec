// The progress link in an SMS or on a receipt keeps its secret in the fragment (#n=…&t=…), which the
// browser never sends to a server or in a Referer. Post it with the page's form (and its CSRF token),
// then take it out of the address bar and the history.
(function () {
  "use strict";
  var params = new URLSearchParams(window.location.hash.slice(1));
  var number = params.get("n");
  var token = params.get("t");
  if (!number || !token) {
    return;
  }
  window.history.replaceState(null, "", window.location.pathname);
  var form = document.getElementById("track-form");
  if (!form) {
    return;
  }
  form.elements.number.value = number;
  form.elements.token.value = token;
  form.submit();
})();
