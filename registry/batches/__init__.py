"""Results batches (评审结果): submitted for public notice (公示), objected to, issued whole."""
