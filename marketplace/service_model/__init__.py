"""The employment service customer-service model of 2 May 2022."""
