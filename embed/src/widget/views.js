  // One view per page and key, counted by host site alone: no cookie, no identifier. An
  // opaque origin names no site to count it for (and the server refuses its POSTs).
  var viewsSent = {};
  function sendView(key) {
    if (!_beacon || !key || viewsSent[key] || OPAQUE) return;
    viewsSent[key] = 1;
    try { _beacon(SERVER + "/api/v1/public/views?key=" + _encode(key)); } catch (e) { /* best effort */ }
  }
