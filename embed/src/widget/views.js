  // One view per page and key, counted by host site alone: no cookie, no identifier.
  var viewsSent = {};
  function sendView(key) {
    if (!_beacon || !key || viewsSent[key]) return;
    viewsSent[key] = 1;
    try { _beacon(SERVER + "/api/v1/public/views?key=" + _encode(key)); } catch (e) { /* best effort */ }
  }
