"""RL with execution-based rewards (PPO, GRPO, RLOO, ...): `algo` (pure math), `algorithms` (the registry),
`policies` (actor, critic and reference models), `experience` (rollouts -> Experience), `trainer` (the loop)."""
