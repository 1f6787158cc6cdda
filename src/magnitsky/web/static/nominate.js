// The nomination form's upload progress. Without this script the form is a plain multipart POST
// and works the same; with it, the files go by XMLHttpRequest so the bar can show how far the
// upload is, and the answer (the receipt, or the form with what to fix) replaces the page.
(function () {
  "use strict";
  var form = document.getElementById("nomination");
  if (!form || !window.FormData || !window.XMLHttpRequest) {
    return;
  }
  var box = form.querySelector(".upload-progress");
  var bar = document.getElementById("upload-progress");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.responseType = "document";
    box.hidden = false;
    bar.value = 0;
    request.upload.addEventListener("progress", function (progress) {
      if (progress.lengthComputable) {
        bar.value = Math.round((100 * progress.loaded) / progress.total);
      }
    });
    request.addEventListener("load", function () {
      var answer = request.response;
      if (!answer || !answer.documentElement) {
        form.submit(); // no readable answer: send it the plain way
        return;
      }
      bar.value = 100;
      document.title = answer.title;
      document.documentElement.replaceChild(document.adoptNode(answer.body), document.body);
      window.scrollTo(0, 0);
    });
    request.addEventListener("error", function () {
      box.hidden = true;
      form.submit();
    });
    request.send(new FormData(form));
  });
})();
