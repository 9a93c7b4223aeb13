  // DOM helpers of the details and the sign-up form: the description's HTML, and the focus.

  // The one place HTML from the server is used: descriptions, sanitised by the server
  // (nh3) when they were saved, parsed inertly here and imported node by node.
  function sanitisedHtml(html) {
    var fragment = document.createDocumentFragment();
    var parsed = new window.DOMParser().parseFromString(html, "text/html");
    var nodes = parsed.body.childNodes, i;
    for (i = 0; i < nodes.length; i++) fragment.appendChild(document.importNode(nodes[i], true));
    // Defence in depth: nothing active survives even if the server's cleaning ever failed.
    var bad = fragment.querySelectorAll("script,style,iframe,object,embed,form,link,meta"), j, k;
    for (j = 0; j < bad.length; j++) bad[j].parentNode.removeChild(bad[j]);
    var all = fragment.querySelectorAll("*");
    for (j = 0; j < all.length; j++) {
      for (k = all[j].attributes.length - 1; k >= 0; k--) {
        var attr = all[j].attributes[k];
        if (attr.name.slice(0, 2) === "on" || /^\s*(javascript|data):/i.test(attr.value)) {
          all[j].removeAttribute(attr.name);
        }
      }
      if (all[j].tagName === "A") {
        all[j].setAttribute("target", "_blank");
        all[j].setAttribute("rel", "noopener noreferrer nofollow");
      }
    }
    return fragment;
  }

  // Focus back to where it came from, if that is still on the page.
  function refocus(el) {
    if (el && el.isConnected) el.focus();
  }
