"""Task alert pages (/o/<slug>/alerts): the subscribe form and the links of alert emails."""
