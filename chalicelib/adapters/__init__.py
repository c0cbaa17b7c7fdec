"""The only code that talks to AWS (boto3)."""
