  var MIN_FRAME = 120, MAX_FRAME = 4000, DEFAULT_FRAME = 640;

  function signupUrl(options, task, instanceId, locale, theme) {
    // The form follows the widget's look: its theme, and a data-accent given as #hex.
    var look = (theme ? "&theme=" + _encode(theme) : "") +
      (options.given.accent && /^#[0-9a-f]{3}([0-9a-f]{3})?$/i.test(options.accent) ? "&accent=" + _encode(options.accent) : "");
    return SERVER + "/embed/v1/tasks/" + _encode(task.id) + "/signup?key=" + _encode(options.key) +
      "&locale=" + _encode(locale) +
      (OPAQUE ? "" : "&instance=" + _encode(instanceId) + "&parent=" + _encode(window.location.origin)) + look +
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

  // Only messages from our server's origin, from this very iframe, of the expected shape
  // and carrying this frame's random instance id are acted on; the data stays data.
  function frameMessageHandler(getFrame, instanceId, handlers) {
    return function (event) {
      var frame = getFrame(), data = event.data;
      if (event.origin !== SERVER || !frame || event.source !== frame.contentWindow) return;
      if (!data || typeof data !== "object" || data.instance !== instanceId) return;
      if (data.type === "vw:resize") {
        var height = Number(data.height);
        if (isFinite(height)) {
          frame.style.height = Math.min(MAX_FRAME, Math.max(MIN_FRAME, Math.ceil(height))) + "px";
        }
      } else if (data.type === "vw:close") {
        handlers.close();
      } else if (data.type === "vw:signup") {
        handlers.signup(String(data.taskId || "").slice(0, 40), String(data.status || "").slice(0, 20));
      }
    };
  }
