  // Events on the placeholder bubble out of the shadow root; they never carry personal data.
  function emit(el, name, detail) {
    el.dispatchEvent(new window.CustomEvent(name, { detail: detail, bubbles: true, composed: true }));
  }

  // volunteer:ready, once per instance: after the first listing, or the first failure.
  function signalReady(w, detail) {
    if (!w.ready) { w.ready = true; emit(w.el, "volunteer:ready", detail); }
  }
