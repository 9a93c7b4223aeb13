  var TIMEOUT_MS = 10000;

  // A browser hides why a cross-origin read failed; the likeliest reason on a new site is an
  // origin the organization has not allowed yet. Said once, to the site's developer.
  var warned = false;
  function warnUnread() {
    if (warned || !window.console) return;
    warned = true;
    window.console.warn("VolunteerWidget: no answer from " + SERVER + ". If " +
      window.location.origin + " is not among the organization's allowed origins, add it " +
      "on the admin panel's Embed page.");
  }

  // GET JSON from our server; resolves {status, body} and never rejects (0: no answer).
  function getJson(path, params) {
    var query = [], name;
    for (name in params) {
      if (params[name] != null && params[name] !== "") {
        query.push(_encode(name) + "=" + _encode(params[name]));
      }
    }
    var url = SERVER + path + "?" + query.join("&");
    return new Promise(function (resolve) {
      if (!_fetch) { resolve({ status: 0, body: null }); return; }
      var controller = _Abort ? new _Abort() : null;
      var timer = _setTimeout(function () {
        if (controller) controller.abort();
        resolve({ status: 0, body: null });
      }, TIMEOUT_MS);
      _fetch(url, { signal: controller ? controller.signal : undefined, credentials: "omit" })
        .then(function (response) {
          return response.text().then(function (text) {
            var body = null;
            try { body = _JSON.parse(text); } catch (e) { body = null; }
            resolve({ status: response.status, body: body });
          });
        })
        .catch(function () { warnUnread(); resolve({ status: 0, body: null }); })
        .then(function () { _clearTimeout(timer); });
    });
  }
