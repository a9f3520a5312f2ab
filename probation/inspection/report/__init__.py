"""The inspection report: findings, ratings, recommendations and infographic, as a page and a PDF."""
