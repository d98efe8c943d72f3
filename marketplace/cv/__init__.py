"""CVs: profiles rendered as PDF and print pages, shortlist ZIPs, and the CV access log."""
