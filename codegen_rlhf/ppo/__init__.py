"""PPO, GRPO and RLOO with execution-based rewards: `algo` (pure math), `experience` (rollouts -> Experience),
`trainer` (the loop)."""
