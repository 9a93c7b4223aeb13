  // A page of the organization's hosted site (/o/<slug>…), known once a listing came.
  function orgPage(w, path) {
    return SERVER + "/o/" + _encode(w.slug) + path;
  }
