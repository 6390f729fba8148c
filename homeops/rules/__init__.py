"""The pure rules of the business: money, the missions flow, splits, payouts, the planner,
pricing, privacy. No I/O, no clock (today is passed in), no settings files, nothing of
homeops' other floors."""
