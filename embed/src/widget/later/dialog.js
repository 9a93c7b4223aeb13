  var MIN_FRAME = 120, MAX_FRAME = 4000, DEFAULT_FRAME = 640;

  function signupUrl(w, task) {
    // The form follows the widget's look: its theme, and a data-accent given as #hex.
    var options = w.options, theme = w.box.getAttribute("data-theme"), look = (theme ? "&theme=" + _encode(theme) : "") +
      (options.given.accent && /^#[0-9a-f]{3}([0-9a-f]{3})?$/i.test(options.accent) ? "&accent=" + _encode(options.accent) : "");
    return SERVER + "/embed/v1/tasks/" + _encode(task.id) + "/signup?key=" + _encode(options.key) +
      "&locale=" + _encode(w.locale) +
      (OPAQUE ? "" : "&instance=" + _encode(w.frameId) + "&parent=" + _encode(window.location.origin)) + look +
      (browserZone() ? "&tz=" + _encode(browserZone()) : "");
  }

  // The form as a top-level page in a new tab, for an opaque origin (see OPAQUE in env.js):
  // browsers refuse our frames below an opaque ancestor (frame-ancestors cannot match it),
  // and the sign-up iframe would inherit the sandbox and could not message us. It is the
  // page anyone may open from a link; "noopener": this page keeps no handle on it.
  function openSignupPage(url) {
    window.open(url, "_blank", "noopener");
  }

  // The sign-up iframe, in a modal <dialog> or in place of the details. Personal data is
  // typed only into the iframe, never into the host page.
  function signupFrame(url, title) {
    var frame = h("iframe", { class: "vw-frame", src: url, title: title });
    frame.style.height = DEFAULT_FRAME + "px"; // CSSOM, which a strict CSP still allows
    return frame;
  }

  // Only messages from our server's origin, from the instance's open iframe, of the expected
  // shape and carrying that frame's random id are acted on; the data stays data.
  function frameMessageHandler(w) {
    return function (event) {
      var frame = w.frame, data = event.data;
      if (event.origin !== SERVER || !frame || event.source !== frame.contentWindow) return;
      if (!data || typeof data !== "object" || data.instance !== w.frameId) return;
      if (data.type === "vw:resize") {
        var height = Number(data.height);
        if (isFinite(height)) {
          frame.style.height = Math.min(MAX_FRAME, Math.max(MIN_FRAME, Math.ceil(height))) + "px";
        }
      } else if (data.type === "vw:close") {
        closeFrame(w);
      } else if (data.type === "vw:signup") {
        emit(w.el, "volunteer:signup", { taskId: String(data.taskId || "").slice(0, 40),
          status: String(data.status || "").slice(0, 20) });
      }
    };
  }
