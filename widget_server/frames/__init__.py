"""The embed (/embed/v1): widget.js, hashed assets, and the pages shown inside iframes."""
