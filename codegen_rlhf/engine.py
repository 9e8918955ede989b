"""DeepSpeed engines and checkpoints: the only module that imports deepspeed.

Every training stage (SFT, reward model, PPO) goes through this API:

    from codegen_rlhf import engine
    engine.init_distributed()                         # idempotent; one process needs no launcher
    eng = engine.build_engine(model, cfg.deepspeed, optim)   # optim: a config.OptimConfig; None = frozen
    loss = ...; eng.backward(loss); eng.step()        # once per micro-batch; DeepSpeed steps at the boundary
    engine.save_checkpoint(eng, ckpt_root, step, state={"position": ...}, keep_last=2, tokenizer=tok)
    path = engine.latest_checkpoint(ckpt_root)        # None, or the newest complete step directory
    state = engine.load_checkpoint(eng, path)         # restores weights, optimizer, scheduler, RNG; returns state
    engine.save_model(eng, out_dir, tokenizer=tok)    # save_pretrained layout: the adapter only for LoRA
    engine.export_merged(model, out_dir, tokenizer=tok) # a plain HF model, LoRA merged in (end of training)
    engine.release(eng)                               # the stage is over: DeepSpeed lets go of the model

`build_engine` reads `ds_configs/<name>.json` (or a JSON path) and fills its "auto" values from the run
config: micro batch, gradient accumulation, train batch, clipping, learning rate, weight decay, bf16 and the
ZeRO bucket sizes (from the model's hidden size, as HF's integration does). The LR schedule is linear warm-up
then cosine decay to 10% over `optim.max_steps`. On a CPU-only machine DeepSpeed's CPU accelerator runs
with gloo; without the launcher a single process sets up its own rendezvous on localhost.

A checkpoint is `<root>/step-NNNNNNNN/` holding `model/` (save_pretrained layout), `deepspeed/` (DeepSpeed's
own optimizer/scheduler/trainable-weight state, frozen base weights excluded), `rng/rank-R.pt` and
`trainer_state.json` (the step and the caller's `state`: data position, counters). Every rank writes into a
hidden temporary directory that rank 0 renames into place once all ranks are done: a kill at any moment
leaves either the previous set of checkpoints or the new complete one, never a half-written one that
`latest_checkpoint` would pick. Checkpoints assume a filesystem shared by all ranks (one node, or NFS).

Not covered: pipeline/tensor parallelism, NVMe offload, loading ZeRO-3 models partitioned at construction
(`zero.Init`): each rank first loads the full model on its CPU, then DeepSpeed partitions it.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import math
import os
import random
import re
import shutil
import socket
import warnings
from pathlib import Path

import numpy as np
import torch
import transformers

from codegen_rlhf.atomic import atomic_directory
from codegen_rlhf.errors import UserError

DS_CONFIGS_DIR = Path(__file__).parent / "ds_configs"
CHECKPOINT_PATTERN = re.compile(r"^step-(\d{8})$")
STATE_FILE = "trainer_state.json"
MIN_LR_RATIO = 0.1


# ---------------------------------------------------------------------------------------------- processes


def init_distributed() -> None:
    """Join the process group the DeepSpeed launcher set up, or create a 1-process group on localhost."""
    if torch.distributed.is_available() and torch.distributed.is_initialized():
        return
    deepspeed = _deepspeed()
    backend = "nccl" if torch.cuda.is_available() else "gloo"
    if os.environ.get("WORLD_SIZE", "1") == "1":
        # A world of one (no launcher, or a launcher with one process) needs no agreed port, and one inherited
        # through the environment (from a parent that trained in-process, say) may be taken by now.
        os.environ.update(RANK="0", LOCAL_RANK=os.environ.get("LOCAL_RANK", "0"), WORLD_SIZE="1",
                          MASTER_ADDR="127.0.0.1")
        _init_on_a_free_port(deepspeed, backend)
    else:
        deepspeed.init_distributed(dist_backend=backend, verbose=False)
    if torch.cuda.is_available():
        torch.cuda.set_device(local_rank())


def _init_on_a_free_port(deepspeed, backend: str, attempts: int = 5) -> None:
    """Another process may take the probed port before the rendezvous binds it: probe again and retry."""
    for attempt in range(attempts):
        os.environ["MASTER_PORT"] = str(_free_port())
        try:
            deepspeed.init_distributed(dist_backend=backend, verbose=False)
            return
        except torch.distributed.DistNetworkError:
            if attempt == attempts - 1:
                raise


def _deepspeed():
    """Import deepspeed quietly: name the CPU accelerator when there is no GPU (instead of a warning), keep
    its INFO chatter out of the progress display. Kept out of the module's imports: DS_ACCELERATOR must be set
    before deepspeed is imported, and importing this module for its constants or configs (the CLI's plan, the
    pipeline) need not pay for deepspeed."""
    # DeepSpeed's ZeRO-3 still calls the deprecated name; the warning is theirs to fix, not the user's.
    warnings.filterwarnings("ignore", message=".*reduce_scatter_tensor.*", category=FutureWarning)
    if not torch.cuda.is_available():
        os.environ.setdefault("DS_ACCELERATOR", "cpu")
    import deepspeed  # noqa: PLC0415 (deepspeed: ~2 s, and DS_ACCELERATOR must be set before it is imported)
    from deepspeed.utils import logger  # noqa: PLC0415 (deepspeed, as above)

    logger.setLevel(logging.WARNING)
    return deepspeed


def rank() -> int:
    return int(os.environ.get("RANK", "0"))


def local_rank() -> int:
    return int(os.environ.get("LOCAL_RANK", "0"))


def world_size() -> int:
    return int(os.environ.get("WORLD_SIZE", "1"))


def is_main() -> bool:
    return rank() == 0


def device():
    return torch.device("cuda", local_rank()) if torch.cuda.is_available() else torch.device("cpu")


def barrier() -> None:
    if torch.distributed.is_initialized():
        torch.distributed.barrier()


def all_reduce_sum(*values: float) -> list[float]:
    """Sum numbers over all ranks in one collective (e.g. loss and token counts of a global batch)."""
    if not torch.distributed.is_initialized() or world_size() == 1:
        return [float(v) for v in values]
    t = torch.tensor([float(v) for v in values], dtype=torch.float64, device=device())
    torch.distributed.all_reduce(t)
    return t.tolist()


def gather_objects(value) -> list:
    """Every rank's `value` (anything picklable, e.g. a dict of metrics whose keys may differ), in rank order."""
    if not torch.distributed.is_initialized() or world_size() == 1:
        return [value]
    gathered = [None] * world_size()
    torch.distributed.all_gather_object(gathered, value)
    return gathered


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------------------------------------- engines


def ds_config_path(name: str) -> Path:
    path = Path(name)
    if path.suffix == ".json":
        if not path.is_file():
            raise UserError(f"DeepSpeed config {name} does not exist")
        return path
    packaged = DS_CONFIGS_DIR / f"{name}.json"
    if not packaged.is_file():
        names = ", ".join(sorted(p.stem for p in DS_CONFIGS_DIR.glob("*.json")))
        raise UserError(f"unknown DeepSpeed config {name!r}; packaged: {names} (or a .json path)")
    return packaged


def use_bf16(setting: str) -> bool:
    if setting == "auto":
        return torch.cuda.is_available() and torch.cuda.is_bf16_supported()
    if setting in ("true", "false"):
        return setting == "true"
    raise UserError(f"deepspeed.bf16 must be auto, true or false, got {setting!r}")


def ds_config(ds, optim=None, hidden_size: int | None = None) -> dict:
    """The DeepSpeed config dict with every "auto" filled from `ds` (DeepSpeedConfig) and `optim` (OptimConfig)."""
    path = ds_config_path(ds.config)
    try:
        config = json.loads(path.read_text())
    except json.JSONDecodeError as e:
        raise UserError(f"{path}: invalid JSON ({e})") from None
    micro = optim.micro_batch_size if optim else 1
    accumulation = optim.gradient_accumulation_steps if optim else 1
    hidden = hidden_size or 1024
    filled = {
        "train_micro_batch_size_per_gpu": micro,
        "gradient_accumulation_steps": accumulation,
        "train_batch_size": micro * accumulation * world_size(),
        "gradient_clipping": optim.max_grad_norm if optim else 1.0,
        "bf16.enabled": use_bf16(ds.bf16),
        "optimizer.params.lr": optim.learning_rate if optim else 0.0,
        "optimizer.params.weight_decay": optim.weight_decay if optim else 0.0,
        "zero_optimization.reduce_bucket_size": hidden * hidden,
        "zero_optimization.stage3_prefetch_bucket_size": int(0.9 * hidden * hidden),
        "zero_optimization.stage3_param_persistence_threshold": 10 * hidden,
    }
    _fill_auto(config, filled, prefix="", source=path)
    if optim is None:  # a frozen model (reference policy, reward model at PPO time): no optimizer state
        config.pop("optimizer", None)
    return config


def _fill_auto(node: dict, filled: dict, prefix: str, source: Path) -> None:
    for key, value in node.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            _fill_auto(value, filled, f"{dotted}.", source)
        elif value == "auto":
            if dotted not in filled:
                raise UserError(f"{source}: no run-config value fills \"auto\" for {dotted}")
            node[key] = filled[dotted]


def zero_settings(ds) -> tuple[int, bool, bool]:
    """(ZeRO stage, optimizer offloaded to CPU, parameters offloaded to CPU) of the run's DeepSpeed config."""
    zero = ds_config(ds).get("zero_optimization", {})
    return (int(zero.get("stage", 0)), zero.get("offload_optimizer", {}).get("device") == "cpu",
            zero.get("offload_param", {}).get("device") == "cpu")


def estimate_model_states(ds, trained_params: int, largest_layer_params: int, gpus: int) -> tuple[int, int]:
    """(bytes per GPU, bytes of CPU memory per node) that training `trained_params` parameters takes under the
    run's ZeRO stage and offload settings on `gpus` GPUs of one node, as DeepSpeed's own estimators give it:
    16-bit weights and gradients, fp32 master weights and Adam moments (they assume 16-bit mixed precision).

    ZeRO-3 models are not built inside `zero.Init` here (see the module docstring), hence zero_init=False.
    DeepSpeed has no estimator for stages 0 and 1: stage 0 partitions nothing, which is the stage-2 estimate on one
    GPU; stage 1 is given the stage-2 estimate (it keeps gradients whole, so it needs a little more)."""
    _deepspeed()  # first: it names the accelerator before deepspeed is imported
    from deepspeed.runtime.zero.stage3 import estimate_zero3_model_states_mem_needs  # noqa: PLC0415 (deepspeed: ~2 s)
    from deepspeed.runtime.zero.stage_1_and_2 import estimate_zero2_model_states_mem_needs  # noqa: PLC0415 (deepspeed: ~2 s)

    stage, offload_optimizer, offload_param = zero_settings(ds)
    if stage == 3:
        cpu, gpu, _ = estimate_zero3_model_states_mem_needs(
            trained_params, largest_layer_params, num_gpus_per_node=gpus, cpu_offload=offload_optimizer,
            cpu_offload_params=offload_param, zero_init=False)
    else:
        cpu, gpu = estimate_zero2_model_states_mem_needs(
            trained_params, num_gpus_per_node=gpus if stage else 1, cpu_offload=offload_optimizer)
    return gpu, cpu


def build_engine(model, ds, optim=None, gradient_accumulation_steps: int | None = None):
    """Wrap `model` in a DeepSpeed engine: AdamW over its trainable parameters with warm-up + cosine, or,
    with `optim=None`, a frozen engine for inference (partitioned under ZeRO-3, no optimizer).

    `ds` is the run's DeepSpeedConfig (or the whole Config); `gradient_accumulation_steps` overrides the
    optim value for stages whose accumulation follows from other settings (PPO's rollout batch)."""
    deepspeed = _deepspeed()
    ds = getattr(ds, "deepspeed", ds)
    if optim is not None and gradient_accumulation_steps is not None:
        optim = dataclasses.replace(optim, gradient_accumulation_steps=gradient_accumulation_steps)
    init_distributed()
    hidden = getattr(getattr(model, "config", None), "hidden_size", None)
    config = ds_config(ds, optim, hidden)
    if optim is None:
        eng, *_ = deepspeed.initialize(model=model, config=config)
        eng.eval()
        return eng
    params = [p for p in model.parameters() if p.requires_grad]
    if not params:
        raise UserError("the model has no trainable parameters")
    schedule = warmup_cosine(optim.warmup_steps, optim.max_steps)
    eng, *_ = deepspeed.initialize(
        model=model, model_parameters=params, config=config,
        lr_scheduler=lambda opt: torch.optim.lr_scheduler.LambdaLR(opt, schedule),
    )
    return eng


def release(*engines) -> None:
    """Let go of finished engines (None is skipped). DeepSpeed's ZeRO-3 keeps every model it partitions for the
    life of the process, on a module-level stack of modules in forward (`parameter_offload.FWD_MODULE_STACK`, which
    also keeps submodules whose pushes were never popped) and in a class-level cache of its parameter coordinator, so without this a process running several stages (`train all`, the test
    suite) keeps every finished stage's model in memory (measured: +1.4 GB per 0.7B bf16 stage)."""
    from deepspeed.runtime.zero import parameter_offload  # noqa: PLC0415 (deepspeed: ~2 s)
    from deepspeed.runtime.zero.partitioned_param_coordinator import PartitionedParameterCoordinator  # noqa: PLC0415 (deepspeed: ~2 s)

    for eng in engines:
        if eng is None:
            continue
        # the model itself, and submodules a forward pushed and never popped (gradient checkpointing's recompute)
        owned = {id(m) for m in unwrap(eng).modules()}
        parameter_offload.FWD_MODULE_STACK[:] = [m for m in parameter_offload.FWD_MODULE_STACK if id(m) not in owned]
        eng.destroy()
    # An lru_cache keyed by (coordinator, submodule), under a profiling decorator that hides it in its closure;
    # clearing it costs live engines one recomputation.
    cached = PartitionedParameterCoordinator._PartitionedParameterCoordinator__params_to_release
    for candidate in (cached, *(cell.cell_contents for cell in cached.__closure__ or ())):
        if hasattr(candidate, "cache_clear"):
            candidate.cache_clear()


def warmup_cosine(warmup_steps: int, total_steps: int):
    """LR multiplier per optimizer step: linear warm-up from 0, then cosine from 1 down to MIN_LR_RATIO."""

    def factor(step: int) -> float:
        if step < warmup_steps:
            return (step + 1) / (warmup_steps + 1)
        progress = min(1.0, (step - warmup_steps) / max(1, total_steps - warmup_steps))
        return MIN_LR_RATIO + (1 - MIN_LR_RATIO) * 0.5 * (1 + math.cos(math.pi * progress))

    return factor


def unwrap(eng):
    """The model inside an engine (or the model itself)."""
    return getattr(eng, "module", eng)


# ---------------------------------------------------------------------------------------------- saving


def save_model(eng, out_dir: str | Path, tokenizer=None) -> Path:
    """Write the model in save_pretrained layout (adapter only for PEFT models), gathered from all ranks."""
    out_dir = Path(out_dir)
    _write_model(eng, out_dir, tokenizer)
    barrier()
    return out_dir


def _write_model(eng, out_dir: Path, tokenizer) -> None:
    """All ranks take part in gathering ZeRO-3 partitions; rank 0 writes."""
    deepspeed = _deepspeed()
    transformers.utils.logging.disable_progress_bar()
    model = unwrap(eng)
    # PEFT saves its adapter weights itself, also from inside a wrapper (PPO's actor and critic): under ZeRO-3
    # they must be gathered around that save, or it writes the empty local shards.
    if any(_is_peft(module) for module in model.modules()):
        trainable = [p for p in model.parameters() if p.requires_grad]
        with deepspeed.zero.GatheredParameters(trainable, modifier_rank=None):
            if is_main():
                model.save_pretrained(out_dir, safe_serialization=True)
    else:
        zero3 = getattr(eng, "zero_optimization_partition_weights", lambda: False)()
        state = eng._zero3_consolidated_16bit_state_dict() if zero3 else model.state_dict()
        if is_main():
            model.save_pretrained(out_dir, state_dict=state, safe_serialization=True)
    if is_main() and tokenizer is not None:
        tokenizer.save_pretrained(out_dir)


def export_merged(model, out_dir: str | Path, tokenizer=None) -> Path:
    """Write `model` (an unwrapped engine module's causal LM) as a plain HF directory with any LoRA adapters
    merged in, so it loads like any model. Gathers ZeRO-3 partitions; rank 0 writes, atomically (see
    codegen_rlhf.atomic). Merging changes the model: call this when training is over."""
    deepspeed = _deepspeed()
    out_dir = Path(out_dir)
    with deepspeed.zero.GatheredParameters(list(model.parameters()), modifier_rank=None):
        with atomic_directory(out_dir, main=is_main(), barrier=barrier) as tmp:
            if is_main():
                merged = model.merge_and_unload() if _is_peft(model) else model
                merged.save_pretrained(tmp, safe_serialization=True)
                if tokenizer is not None:
                    tokenizer.save_pretrained(tmp)
    return out_dir


def _is_peft(model) -> bool:
    try:
        from peft import PeftModel  # noqa: PLC0415 (peft: ~2.4 s; full fine-tunes never need it)
    except ImportError:
        return False
    return isinstance(model, PeftModel)


def save_checkpoint(eng, root: str | Path, step: int, state: dict | None = None, keep_last: int = 2,
                    tokenizer=None) -> Path:
    """Write `<root>/step-NNNNNNNN` atomically (see the module docstring) and prune to the newest `keep_last`."""
    root = Path(root)
    final = root / f"step-{step:08d}"
    if is_main():
        root.mkdir(parents=True, exist_ok=True)
        _remove_stale_temporaries(root)
    # Re-saving a step (a resumed run ending where it resumed) sets the old one aside, then replaces it.
    with atomic_directory(final, main=is_main(), barrier=barrier) as tmp:
        _write_model(eng, tmp / "model", tokenizer)
        eng.save_checkpoint(str(tmp / "deepspeed"), tag="state", save_latest=False,
                            exclude_frozen_parameters=True)
        _save_rng(tmp / "rng" / f"rank-{rank()}.pt")
        if is_main():
            (tmp / STATE_FILE).write_text(json.dumps({"step": step, "world_size": world_size(), **(state or {})}))
    if is_main():
        _remove_stale_temporaries(root)
        _prune(root, keep_last)
    barrier()
    return final


def latest_checkpoint(root: str | Path) -> Path | None:
    """The newest complete checkpoint under `root`; temporaries left by a kill are never returned."""
    root = Path(root)
    if not root.is_dir():
        return None
    complete = [p for p in root.iterdir() if CHECKPOINT_PATTERN.match(p.name) and (p / STATE_FILE).is_file()]
    return max(complete, key=lambda p: p.name, default=None)


def load_checkpoint(eng, path: str | Path) -> dict:
    """Restore trainable weights, optimizer, scheduler and this rank's RNG from `path`; return the saved state
    (at least `step`). The engine must be freshly built with the same model and config."""
    path = Path(path)
    state = json.loads((path / STATE_FILE).read_text())
    if state.get("world_size", 1) != world_size():
        raise UserError(f"{path} was written by {state['world_size']} processes; resume with the same number "
                        f"(this run has {world_size()})")
    loaded, _ = eng.load_checkpoint(str(path / "deepspeed"), tag="state", load_module_strict=False)
    if loaded is None:
        raise UserError(f"{path}: the DeepSpeed state could not be loaded")
    _load_rng(path / "rng" / f"rank-{rank()}.pt")
    return state


def _prune(root: Path, keep_last: int) -> None:
    complete = sorted(p for p in root.iterdir() if CHECKPOINT_PATTERN.match(p.name))
    for old in complete[: max(0, len(complete) - max(1, keep_last))]:
        # Rename first so a kill mid-delete leaves a temporary, not a damaged "complete" checkpoint.
        doomed = root / f".tmp-delete-{old.name}"
        os.replace(old, doomed)
        shutil.rmtree(doomed, ignore_errors=True)


def _remove_stale_temporaries(root: Path) -> None:
    """What killed writes leave behind: staging (`.tmp-*`) and set-aside (`.old-*`) directories."""
    for p in [*root.glob(".tmp-*"), *root.glob(".old-*")]:
        shutil.rmtree(p, ignore_errors=True)


def _save_rng(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    state = {"python": random.getstate(), "numpy": np.random.get_state(), "torch": torch.get_rng_state()}
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state()
    torch.save(state, path)


def _load_rng(path: Path) -> None:
    state = torch.load(path, weights_only=False)
    random.setstate(state["python"])
    np.random.set_state(state["numpy"])
    torch.set_rng_state(state["torch"])
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state(state["cuda"])
