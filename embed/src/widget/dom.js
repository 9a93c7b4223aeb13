  // h("p", {class: "vw-x", onclick: fn}, ["text", node]): text always goes in as text.
  function h(tag, attrs, children) {
    var el = document.createElement(tag), name, value, i;
    for (name in attrs || {}) {
      value = attrs[name];
      if (value == null || value === false) continue;
      if (name.slice(0, 2) === "on") el.addEventListener(name.slice(2), value);
      else if (name === "text") el.textContent = value;
      else el.setAttribute(name, value === true ? "" : String(value));
    }
    children = children || [];
    for (i = 0; i < children.length; i++) {
      if (children[i] == null) continue;
      el.appendChild(typeof children[i] === "object" ? children[i]
        : document.createTextNode(String(children[i])));
    }
    return el;
  }

  function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
  }

  function detach(el) {
    if (el && el.parentNode) el.parentNode.removeChild(el);
  }
