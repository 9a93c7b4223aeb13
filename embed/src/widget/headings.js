  // The level of the widget's task headings, so that they continue the host page's outline
  // instead of skipping levels: data-heading-level (1–6) when the snippet gives one, else
  // one below the nearest heading before the placeholder in document order (after an h1,
  // h2; after an h3, h4; after an h6, h6 again). With no heading before it, h2: a page's
  // title is its h1, and the widget is a section of the page, never its title.
  // Headings that are not shown (display: none, hidden) are not part of the outline.
  function headingLevel(el, chosen) {
    if (chosen) return +chosen;
    var found = document.querySelectorAll("h1,h2,h3,h4,h5,h6,[role=heading]"), level = 1, i, n;
    for (i = 0; i < found.length && found[i].compareDocumentPosition(el) & 4; i++) {
      if (found[i].getClientRects().length) {
        // As assistive technology reads it: aria-level first, then the tag's own level.
        n = parseInt(found[i].getAttribute("aria-level"), 10);
        level = n > 0 ? n : +found[i].tagName.charAt(1) || 2;
      }
    }
    return Math.min(level + 1, 6);
  }
