"""The `codegen-rlhf` command line: a thin Click layer.

Each command parses its options, loads its config and calls its stage. The stages that import torch (training,
the reward model) and the rank UI (textual) are imported inside their command, so `--help` never pays for them;
everything else is imported here. Bad input surfaces as `UserError`, which `main` prints on one line before
exiting with status 2.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from pathlib import Path

import click
import yaml

from codegen_rlhf import pipeline
from codegen_rlhf import plan as memory_plan
from codegen_rlhf.config import load_config
from codegen_rlhf.data.mine import mine
from codegen_rlhf.data.problems import PROBLEM_SETS, TASKS_DIR, load_problems
from codegen_rlhf.data.validate import run as validate_suite
from codegen_rlhf.errors import UserError
from codegen_rlhf.evaluation.benchmark import evaluate, parse_ks, summary_line
from codegen_rlhf.evaluation.compare import compare
from codegen_rlhf.evaluation.score import score_samples
from codegen_rlhf.generation_backends import BACKENDS as GENERATION_BACKENDS
from codegen_rlhf.jsonl import write_jsonl
from codegen_rlhf.rank import prepare, stats
from codegen_rlhf.rank.auto import POLICIES as ANNOTATOR_POLICIES, annotate
from codegen_rlhf.rank.export import export
from codegen_rlhf.rank.store import Store
from codegen_rlhf.rl.algorithms import ALGORITHMS
from codegen_rlhf.sandbox.backends import BACKENDS as SANDBOX_BACKENDS

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 110}


class RegistryChoice(click.Choice):
    """A choice among the names of a registry (a dict declared once with its entries), read when the command
    line is parsed: an entry registered after this module was imported (a plugin, a test) is accepted."""

    def __init__(self, registry: dict):
        self.registry = registry
        super().__init__([])

    @property
    def choices(self):
        return tuple(self.registry)

    @choices.setter
    def choices(self, _):  # click.Choice.__init__ assigns it; the registry is the source of truth
        pass


def registry_help(registry: dict, attribute: str = "summary") -> str:
    return "; ".join(f"{name}: {getattr(entry, attribute)}" for name, entry in registry.items())


PROBLEMS_HELP = f"a problem set ({', '.join(PROBLEM_SETS)}) or a problems .jsonl file."



@click.group(context_settings=CONTEXT)
@click.version_option(package_name="codegen-rlhf")
# DeepSpeed's launcher puts --local_rank=N right after the script, before the subcommand; the rank is in env.
@click.option("--local_rank", type=int, default=None, hidden=True, expose_value=False)
def cli():
    """Specialize a code model with execution-based rewards: SFT, developer rankings, reward model, PPO,
    and sandboxed pass@k evaluation."""


@cli.group(context_settings=CONTEXT)
def train():
    """Train: sft, rm (reward model), ppo, or all (the whole chain)."""


@cli.group(context_settings=CONTEXT)
def data():
    """Build and check data: mine SFT pairs, validate the task suite."""


@data.command("validate")
@click.argument("path", required=False, type=click.Path(path_type=str))
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Sandbox workers (default: CPU count).")
@click.option("--counts", is_flag=True, help="Only print the markdown table of tasks per tier/family/split/difficulty.")
@click.option("--no-execute", is_flag=True, help="Skip the sandbox checks (canonical solutions and mutants).")
def validate_command(path, workers, counts, no_execute):
    """Validate a task suite PATH (a directory of .jsonl or one file; default: the shipped suite):
    schema, canonical solutions and test strength (mutants) in the sandbox, HumanEval n-gram overlap, and
    near-duplicates. Exits 0 only when every check holds, 1 when a task fails one."""
    sys.exit(validate_suite(path or TASKS_DIR, workers=workers, execute=not no_execute, counts=counts))


@data.command("sft-from-source")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=str), help="JSONL file to write.")
def sft_from_source_command(paths, out):
    """Mine (docstring, function) SFT pairs from Python source PATHS (files or directories; default: this
    interpreter's standard library) with `ast`: public module-level functions only, deduplicated, length
    filters, nothing sharing a 10-word run with a HumanEval prompt. Writes {"description", "code", "source"}
    lines atomically and prints the counts."""
    pairs, report = mine(list(paths) or None)
    if not pairs:
        raise UserError(f"no (docstring, function) pairs found in {', '.join(paths) or 'the standard library'}")
    write_jsonl(out, pairs)
    click.echo(report.summary(out))


@cli.group(context_settings=CONTEXT, name="eval")
def eval_():
    """Evaluate: score samples in the sandbox, run pass@k benchmarks, compare runs."""


@cli.group(context_settings=CONTEXT, invoke_without_command=True)
@click.option("--db", type=click.Path(dir_okay=False, path_type=str), help="Ranking database (from `rank prepare`).")
@click.option("--annotator", default=lambda: os.environ.get("USER"), show_default="$USER",
              help="Your name: rankings, display orders and progress are kept per annotator.")
@click.option("--blind", is_flag=True, help="Hide the test outcomes while ranking (recorded with each ranking).")
@click.pass_context
def rank(ctx, db, annotator, blind):
    """Rank candidate completions in a terminal UI: `rank --db FILE` opens it; the subcommands prepare
    items, report agreement, export preferences and run a scripted annotator."""
    if ctx.invoked_subcommand is not None:
        return
    if not db:
        raise click.UsageError("rank needs --db FILE (or a subcommand, see --help)")
    if not annotator:
        raise click.UsageError("rank needs --annotator NAME ($USER is not set)")
    from codegen_rlhf.rank.app import run_app  # noqa: PLC0415 (textual: ~0.3 s; only `rank --db` opens the UI)

    run_app(db, annotator, blind=blind)


@rank.command("prepare")
@click.option("--db", required=True, type=click.Path(dir_okay=False, path_type=str), help="Database to create or extend.")
@click.option("--candidates", type=click.Path(dir_okay=False, path_type=str),
              help='JSONL of {"task_id", "prompt", "completions": [...]} (optional "gold_ranks") to import.')
@click.option("--model", help="Sample candidates from this model spec instead (hub id, local dir, smollm2-135m).")
@click.option("--adapter", type=click.Path(path_type=str), help="LoRA adapter directory for --model.")
@click.option("--problems", default="tasks", show_default=True,
              help="Problems with the tests: " + PROBLEMS_HELP)
@click.option("--k", type=click.IntRange(min=2, max=9), default=4, show_default=True, help="Candidates per prompt (--model).")
@click.option("--temperature", type=click.FloatRange(min=0.0), default=0.8, show_default=True)
@click.option("--max-new-tokens", type=click.IntRange(min=1), default=256, show_default=True)
@click.option("--limit", type=click.IntRange(min=1), help="Sample for only this many problems, chosen at random (--model).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for --limit and for sampling.")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True, help="Sandbox workers.")
@click.option("--min-passing", type=click.IntRange(min=0), default=0, show_default=True,
              help="Leave out items with fewer candidates that pass their tests.")
@click.option("--gold-fraction", type=click.FloatRange(0.0, 1.0), default=0.0, show_default=True,
              help="Share of the items whose order the tests decide (some pass, some fail) to mark as gold, "
                   "chosen with --seed; annotators are not told which.")
def rank_prepare_command(db, candidates, model, adapter, problems, k, temperature, max_new_tokens, limit, seed, workers,
                         min_passing, gold_fraction):
    """Add items to rank: import candidates (--candidates) or sample K per problem (--model). Every candidate
    runs in the sandbox and its result is stored with it; re-running adds only what is new. Items where no
    candidate passes are reported."""
    if bool(candidates) == bool(model):
        raise UserError("rank prepare needs exactly one of --candidates FILE or --model SPEC")
    problem_set = load_problems(problems)
    if candidates:
        entries = prepare.read_candidates(candidates, problem_set, problems)
    else:
        problem_set = prepare.sample_problems(problem_set, limit, seed)
        entries = prepare.sample_candidates(model, adapter, problem_set, k, temperature, max_new_tokens, seed)
    report = prepare.prepare(db, entries, workers=workers, min_passing=min_passing, gold_fraction=gold_fraction,
                             seed=seed)
    click.echo(report.summary(db))
    for warning in report.warnings(min_passing):
        click.echo(f"warning: {warning}", err=True)


@rank.command("stats")
@click.option("--db", required=True, type=click.Path(dir_okay=False, path_type=str))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON instead of tables.")
def rank_stats_command(db, as_json):
    """Progress and time per annotator, agreement between annotators (Kendall tau-b, Krippendorff's alpha
    ordinal), agreement of rankings with test outcomes, gold-item accuracy."""
    with Store(db, create=False) as store:
        figures = stats.compute(store)
    if as_json:
        click.echo(json.dumps(figures, indent=2))
    else:
        stats.render(figures)


@rank.command("export")
@click.option("--db", required=True, type=click.Path(dir_okay=False, path_type=str))
@click.option("--format", "fmt", type=click.Choice(["pairs", "kwise"]), default="pairs", show_default=True,
              help="pairs: TRL RewardTrainer (prompt, chosen, rejected, margin); kwise: one row per prompt and annotator.")
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=str),
              help="Directory for the dataset (datasets.load_from_disk) and its JSONL copy.")
@click.option("--criterion", type=click.Choice(["overall", "correctness", "readability"]), default="overall",
              show_default=True)
@click.option("--annotator", "annotators", multiple=True, help="Only these annotators (repeatable; default all).")
def rank_export_command(db, fmt, out, criterion, annotators):
    """Export rankings as a preference dataset (save_to_disk) plus OUT/<format>.jsonl; ties give no pairs."""
    count = export(db, fmt, out, criterion, tuple(annotators))
    click.echo(f"{count} {'pairs' if fmt == 'pairs' else 'rankings'} -> {out} (and {out}/{fmt}.jsonl)")


@rank.command("auto")
@click.option("--db", required=True, type=click.Path(dir_okay=False, path_type=str))
@click.option("--policy", type=click.Choice(ANNOTATOR_POLICIES), default="tests-then-style",
              show_default=True, help="tests-then-style: test outcome, then a static readability heuristic; "
                                      "simulated-developer: correctness and readability weighed, with noise.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the simulated developer's noise.")
def rank_auto_command(db, policy, seed):
    """Scripted annotator `auto:<policy>` (codegen_rlhf/rank/auto.py says how each ranks). Its rankings are
    simulated, not a developer's: use them for demonstrations and as a baseline."""
    count, name = annotate(db, policy, seed)
    click.echo(f"{name} ranked {count} items in {db}")


def train_options(command):
    """Options shared by every `train` stage: a preset or YAML file, `key=value` overrides, resume."""
    command = click.argument("overrides", nargs=-1, metavar="[KEY=VALUE]...")(command)
    command = click.option("--resume", is_flag=True, help="Continue from the latest complete checkpoint.")(command)
    command = click.option("--print-config", is_flag=True, help="Print the resolved config and exit.")(command)
    command = click.option("--plan", is_flag=True, help="Print the memory each stage needs per GPU (parameters, "
                           "DeepSpeed's estimate of the model states, activations) and exit, loading nothing.")(command)
    command = click.option(
        "--config", "config_name", default="quick-cpu", show_default=True, metavar="PRESET|FILE.yaml",
        help="A packaged preset (tiny, quick-cpu, mistral7b-lora, ...) or a YAML file.",
    )(command)
    return command


def load_run_config(config_name: str, overrides: tuple[str, ...], print_config: bool,
                    plan_command: str | None = None):
    """The run config; with --print-config it is printed, and with --plan (`plan_command` set) the memory plan of
    that command's stages, and the process exits."""
    cfg = load_config(config_name, list(overrides))
    if print_config:
        click.echo(yaml.safe_dump(dataclasses.asdict(cfg), sort_keys=False), nl=False)
        sys.exit(0)
    if plan_command:
        click.echo(memory_plan.render(cfg, plan_command, config_name, memory_plan.plan(cfg, plan_command)), nl=False)
        sys.exit(0)
    return cfg


@train.command("sft")
@train_options
def sft_command(config_name, overrides, resume, print_config, plan):
    """Supervised fine-tuning on code/description pairs through DeepSpeed.

    Example: codegen-rlhf train sft --config tiny output_dir=runs/sft max_steps=3
    """
    cfg = load_run_config(config_name, overrides, print_config, plan and "sft")
    from codegen_rlhf import sft  # noqa: PLC0415 (the stage runs on torch: ~2.5 s; --help must not pay it)

    sft.run(cfg, resume=resume)


@train.command("ppo")
@train_options
@click.option("--algo", type=RegistryChoice(ALGORITHMS), default=None,
              help="Override ppo.algo. " + registry_help(ALGORITHMS))
def ppo_command(config_name, overrides, resume, print_config, plan, algo):
    """PPO (or GRPO / RLOO) on execution rewards from the sandbox (plus a reward model when configured),
    through DeepSpeed. Rewards come from the train split only; the held-out split is for evaluation.

    Example: codegen-rlhf train ppo --config tiny output_dir=runs/ppo ppo.optim.max_steps=3
    """
    if algo:
        overrides = (*overrides, f"ppo.algo={algo}")
    cfg = load_run_config(config_name, overrides, print_config, plan and "ppo")
    from codegen_rlhf.rl import trainer  # noqa: PLC0415 (torch: ~2.5 s; --help must not pay it)

    trainer.run(cfg, resume=resume)


@train.command("rm")
@train_options
def rm_command(config_name, overrides, resume, print_config, plan):
    """Reward model on developer rankings (K-wise or pairs from `rank export`) plus the execution results
    stored with each candidate, through DeepSpeed; evaluates on held-out prompts. Exports <output_dir>/model.

    Example: codegen-rlhf train rm --config tiny output_dir=runs/rm
    """
    cfg = load_run_config(config_name, overrides, print_config, plan and "rm")
    from codegen_rlhf import reward_model  # noqa: PLC0415 (torch + transformers: ~3.5 s; --help must not pay it)

    reward_model.run(cfg, resume=resume)


@train.command("all")
@train_options
def all_command(config_name, overrides, resume, print_config, plan):
    """The whole chain in one run directory: SFT -> rankings -> reward model -> PPO -> evaluation of the
    base, SFT and PPO policies -> report.md. Finished stages are skipped, an interrupted one resumes, so
    running the same command again after a kill continues where it stopped (--resume is implied).

    Example: codegen-rlhf train all --config quick-cpu
    """
    cfg = load_run_config(config_name, overrides, print_config, plan and "all")
    pipeline.run(cfg)


@cli.group(context_settings=CONTEXT, name="rm")
def rm_group():
    """Use a trained reward model: score completions, merge a LoRA reward model into a plain HF directory."""


@rm_group.command("score")
@click.option("--model", "model_path", required=True, type=click.Path(path_type=str),
              help="Reward model directory (from `train rm`: the run directory or its model/).")
@click.option("--samples", required=True, type=click.Path(dir_okay=False, path_type=str),
              help='JSONL with "completion" and either "prompt" or "task_id" (looked up in --problems).')
@click.option("--problems", default="tasks", show_default=True,
              help="Where task ids find their prompt: " + PROBLEMS_HELP)
@click.option("--out", type=click.Path(dir_okay=False, path_type=str), default=None,
              help="Output JSONL (default: SAMPLES with .scored.jsonl).")
@click.option("--batch-size", type=click.IntRange(min=1), default=8, show_default=True)
def rm_score_command(model_path, samples, problems, out, batch_size):
    """Score completions with a reward model: every input row comes back with a "score" field."""
    from codegen_rlhf import reward_model  # noqa: PLC0415 (torch + transformers: ~3.5 s; --help must not pay it)

    written = reward_model.score_file(model_path, samples, out, problems, batch_size)
    click.echo(f"scored {written[1]} completions -> {written[0]}")


@rm_group.command("merge")
@click.argument("run", type=click.Path(exists=True, file_okay=False, path_type=str))
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=str),
              help="New directory for the merged model.")
def rm_merge_command(run, out):
    """Merge a LoRA reward model (RUN: its run directory or model/) into a plain HF directory that
    AutoModelForSequenceClassification.from_pretrained loads."""
    from codegen_rlhf import reward_model  # noqa: PLC0415 (torch + transformers: ~3.5 s; --help must not pay it)

    click.echo(f"merged -> {reward_model.merge(run, out)}")


@eval_.command("score")
@click.argument("samples", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--problems", default="humaneval", show_default=True,
              help=PROBLEMS_HELP)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Results JSONL (default: SAMPLES with _results.jsonl).")
@click.option("--k", "ks", default="1,10,100", show_default=True, help="Comma-separated k values for pass@k.")
@click.option("--backend", type=RegistryChoice(SANDBOX_BACKENDS), default="process", show_default=True,
              help="Sandbox backend. " + registry_help(SANDBOX_BACKENDS))
@click.option("--timeout", "timeout_s", type=float, default=None,
              help="Seconds per sample (default: scaled from the reference solution, 2-20 s).")
@click.option("--workers", type=int, default=None, help="Parallel sandbox workers (default: CPU count).")
@click.option("--strict", is_flag=True, help="Refuse to run if an isolation mechanism is unavailable.")
@click.option("--allow-package", "packages", multiple=True, metavar="NAME",
              help="An installed package samples may import (repeatable); nothing else outside the standard "
                   "library is visible to them.")
def score_command(samples, problems, out, ks, backend, timeout_s, workers, strict, packages):
    """Run SAMPLES.jsonl ({"task_id", "completion"} lines) against the problems' tests in the sandbox.

    Writes one result line per sample (task_id, completion_id, passed, status, detail, tests_passed,
    tests_total, duration_ms) and prints, as the last line of stdout, a JSON object with pass@k and the
    status counts."""
    try:
        k_values = sorted({int(k) for k in ks.split(",") if k.strip()})
    except ValueError:
        raise UserError(f"--k must be comma-separated integers, got {ks!r}") from None
    if not k_values or min(k_values) < 1:
        raise UserError(f"--k values must be >= 1, got {ks!r}")
    out = out or samples.with_name(samples.name.removesuffix(".jsonl") + "_results.jsonl")
    summary = score_samples(samples, problems, out, k_values, backend=backend, timeout_s=timeout_s,
                            workers=workers, strict=strict, packages=packages)
    click.echo(json.dumps(summary))


@eval_.command("run")
@click.option("--model", required=True, help="Model spec: hub id, local HF dir, .gguf, smollm2-135m or tiny-random.")
@click.option("--adapter", type=click.Path(path_type=str), help="LoRA adapter directory (e.g. an SFT/PPO checkpoint).")
@click.option("--benchmark", default="humaneval", show_default=True,
              help=PROBLEMS_HELP)
@click.option("--n", type=int, default=10, show_default=True, help="Samples per task.")
@click.option("--temperature", type=float, default=0.8, show_default=True, help="0 = greedy (then use --n 1).")
@click.option("--top-p", type=float, default=0.95, show_default=True)
@click.option("--k", "ks", default="1,10", show_default=True, help="Comma-separated k values for pass@k (each <= n).")
@click.option("--limit", type=int, default=None, help="Only the first N tasks of the benchmark.")
@click.option("--max-new-tokens", type=int, default=512, show_default=True)
@click.option("--batch-size", type=int, default=8, show_default=True, help="Sequences decoded together.")
@click.option("--prompt-format", type=click.Choice(["auto", "chat", "raw"]), default="auto", show_default=True,
              help="chat: ask for a code block via the chat template; raw: continue the prompt; auto: chat if the "
                   "tokenizer has a template.")
@click.option("--backend", "generation_backend", type=RegistryChoice(GENERATION_BACKENDS), default="loop",
              show_default=True, help="Generation backend. " + registry_help(GENERATION_BACKENDS))
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--workers", type=int, default=None, help="Sandbox workers (default: CPU count).")
@click.option("--timeout", "timeout_s", type=float, default=None, help="Seconds per sample (default: scaled).")
@click.option("--rerank", metavar="RM_DIR|module:function",
              help="Best-of-n: this scorer (a reward model from `train rm`, or your function with the reward-function "
                   "signature) picks one of each task's --n samples without seeing the tests; adds rerank_pass@1 and "
                   "pass@N with paired intervals.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=str), help="Run directory.")
def run_command(model, adapter, benchmark, n, temperature, top_p, ks, limit, max_new_tokens, batch_size,
                prompt_format, generation_backend, seed, workers, timeout_s, rerank, out_dir):
    """Generate N samples per task, score them in the sandbox, and write samples.jsonl, results.jsonl,
    summary.json (pass@k with 95% bootstrap intervals), report.md and report.png to --out.

    Example (greedy pass@1 of the embedded model): codegen-rlhf eval run --model smollm2-135m
    --benchmark humaneval --n 1 --temperature 0 --k 1 --out runs/eval-base

    Best-of-8 with a reward model: ... --n 8 --k 1,8 --rerank runs/chain/rm/model"""
    summary = evaluate(model, benchmark, out_dir, adapter=adapter, n=n, temperature=temperature, top_p=top_p,
                       k=parse_ks(ks), max_new_tokens=max_new_tokens, batch_size=batch_size,
                       prompt_format=prompt_format, generation_backend=generation_backend, limit=limit, seed=seed,
                       workers=workers, timeout_s=timeout_s, rerank=rerank,
                       command="codegen-rlhf " + " ".join(sys.argv[1:]))
    click.echo(summary_line(summary))


@eval_.command("compare")
@click.argument("run_dirs", nargs=-1, required=True, type=click.Path(file_okay=False, path_type=str))
@click.option("--out", "out_dir", default="eval-compare", show_default=True, type=click.Path(file_okay=False, path_type=str),
              help="Where compare.md, compare.json and compare.png go.")
def compare_command(run_dirs, out_dir):
    """Compare `eval run` directories: pass@k side by side, and per task against the first run: for each pass@k
    both runs report, the mean paired difference with its 95% bootstrap interval (or "no significant change"),
    and the tasks gained and lost."""
    compare(list(run_dirs), out_dir)
    click.echo((Path(out_dir) / "compare.md").read_text(), nl=False)


def main() -> None:
    # OpenMP threads that spin while waiting make torch 5-10x slower on a CPU shared with other work (measured:
    # SmolLM2 LoRA step 7 s passive vs 35-77 s spinning, 2 threads, loaded 2-core machine); passive waiting
    # only adds a thread wake-up per parallel region on an idle one. Must be set before torch loads OpenMP.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except UserError as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
