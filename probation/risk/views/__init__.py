"""Risk pages, split by noun. Every view starts by opening the case (`open_case`, or
`open_case_to_change` for pages that change the record), which refuses anyone who may not."""
