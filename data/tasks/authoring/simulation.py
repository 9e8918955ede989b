"""Task family `simulation`: step-by-step processes with stated rules (queues, machines, games, accounts).

Every prompt spells out the complete rule set, so the answer is determined by the text alone.
Order matters: every fifth task (index % 5 == 4) is held out, and tasks were placed so that close
relatives (e.g. counting and listing coin combinations) share a split.
Written for codegen-rlhf; see data/README.md for provenance and license.
"""

from _task import task

FAMILY = "simulation"


@task(difficulty="easy", inputs=[("UURDL",), ("",), ("RRRR",), ("DDL",), ("U?D!",), ("LLLUUUR",), ("RDRDRD",)])
def robot_walk(commands: str) -> list[int]:
    """A robot starts at [0, 0]. Each character of commands moves it one unit:
    "U" adds 1 to y, "D" subtracts 1 from y, "R" adds 1 to x, "L" subtracts 1 from x.
    Any other character is ignored. Return the final position as [x, y].

    >>> robot_walk("UURDL")
    [0, 1]
    >>> robot_walk("")
    [0, 0]
    """
    x = y = 0
    for c in commands:
        if c == "U":
            y += 1
        elif c == "D":
            y -= 1
        elif c == "R":
            x += 1
        elif c == "L":
            x -= 1
    return [x, y]


@task(
    difficulty="medium",
    inputs=[
        ("FFRFF",),
        ("L3F",),
        ("",),
        ("RRRR",),
        ("RR2F",),
        ("LL",),
        ("F9FRFR5F",),
        ("2LF",),
        ("RFLF",),
        ("LFLFLF",),
        ("24F",),
        ("3R",),
    ],
)
def turtle_path(commands: str) -> list:
    """A turtle starts at x = 0, y = 0 facing north (towards increasing y). "F" moves it one
    step forward, "L" turns it 90 degrees to the left, "R" turns it 90 degrees to the right.
    A digit 1-9 placed directly before an "F" repeats that move (so "3F" is three steps);
    a digit anywhere else has no effect. Return [x, y, facing] where facing is one of
    "N", "E", "S", "W".

    >>> turtle_path("FFRFF")
    [2, 2, 'E']
    >>> turtle_path("L3F")
    [-3, 0, 'W']
    """
    directions = "NESW"
    steps = {"N": (0, 1), "E": (1, 0), "S": (0, -1), "W": (-1, 0)}
    x = y = 0
    facing = 0
    repeat = 1
    for c in commands:
        if c.isdigit():
            repeat = int(c)
            continue
        if c == "F":
            dx, dy = steps[directions[facing]]
            x += dx * repeat
            y += dy * repeat
        elif c == "L":
            facing = (facing + 3) % 4
        elif c == "R":
            facing = (facing + 1) % 4
        repeat = 1
    return [x, y, directions[facing]]


@task(difficulty="easy", inputs=[([5, 2, 8],), ([],), ([0],), ([-3],), ([3, 3, 3],), ([-2, 4, -2],), ([10, 0, 10, 0],)])
def elevator_distance(stops: list[int]) -> int:
    """An elevator starts at floor 0 and visits the given floors in order (floors can be
    negative for basements). Return the total number of floors it travels.

    >>> elevator_distance([5, 2, 8])
    14
    >>> elevator_distance([])
    0
    """
    total = 0
    current = 0
    for floor in stops:
        total += abs(floor - current)
        current = floor
    return total


@task(
    difficulty="medium",
    inputs=[
        ([["deposit", 100], ["withdraw", 150], ["interest", 5]],),
        ([],),
        ([["withdraw", 1]],),
        ([["deposit", 50], ["withdraw", 50], ["withdraw", 0]],),
        ([["deposit", 99], ["interest", 10], ["interest", 10]],),
        ([["deposit", 10], ["transfer", 5], ["withdraw", 11], ["withdraw", 10]],),
        ([["interest", 50], ["deposit", 7], ["interest", 100]],),
    ],
)
def bank_account_summary(events: list[list]) -> dict:
    """Process account events in order, starting from a balance of 0. Each event is
    [kind, amount] with a non-negative integer amount:
    - "deposit": add amount;
    - "withdraw": subtract amount if the balance covers it, otherwise reject the event;
    - "interest": add amount percent of the balance, rounded down to a whole number.
    Events of any other kind are rejected too. Return {"balance": final balance,
    "rejected": number of rejected events}.

    >>> bank_account_summary([["deposit", 100], ["withdraw", 150], ["interest", 5]])
    {'balance': 105, 'rejected': 1}
    """
    balance = 0
    rejected = 0
    for kind, amount in events:
        if kind == "deposit":
            balance += amount
        elif kind == "withdraw" and amount <= balance:
            balance -= amount
        elif kind == "interest":
            balance += balance * amount // 100
        else:
            rejected += 1
    return {"balance": balance, "rejected": rejected}


@task(difficulty="easy", inputs=[(31,), (60,), (0,), (29,), (30,), (34,), (35,), (59,), (125,), (10 ** 12 + 47,)])
def traffic_light_color(seconds: int) -> str:
    """A traffic light repeats a 60-second cycle: "green" for the first 30 seconds
    (seconds 0-29 of the cycle), then "yellow" for 5 seconds, then "red" for 25 seconds.
    Return the color shown at the given non-negative number of seconds after a cycle began.

    >>> traffic_light_color(31)
    'yellow'
    >>> traffic_light_color(60)
    'green'
    """
    t = seconds % 60
    if t < 30:
        return "green"
    if t < 35:
        return "yellow"
    return "red"


@task(
    difficulty="medium",
    inputs=[
        (65, 100, [25, 10, 5, 1]),
        (3, 10, [5, 4]),
        (50, 50, [1]),
        (60, 50, [1]),
        (1, 100, [1, 5, 10, 25]),
        (0, 30, [10, 25]),
        (12, 20, [4, 3]),
        (0, 7, []),
    ],
)
def vending_change(price: int, paid: int, coins: list[int]) -> list[int]:
    """A vending machine gives change greedily: while change is still owed it hands out the
    largest coin from coins (distinct positive values, unlimited supply) that does not
    exceed what is owed. Return the coins handed out, largest first. Return None when paid
    is less than price or when the greedy method gets stuck with change still owed.

    >>> vending_change(65, 100, [25, 10, 5, 1])
    [25, 10]
    >>> vending_change(3, 10, [5, 4]) is None
    True
    """
    if paid < price:
        return None
    owed = paid - price
    given = []
    for coin in sorted(coins, reverse=True):
        while coin <= owed:
            given.append(coin)
            owed -= coin
    if owed:
        return None
    return given


@task(
    difficulty="medium",
    inputs=[
        ([0, 1, 2], [5, 2, 1]),
        ([0, 10], [3, 3]),
        ([], []),
        ([4], [9]),
        ([0, 0, 0], [2, 2, 2]),
        ([1, 3, 3, 20], [2, 5, 1, 1]),
        ([5, 6, 7], [1, 1, 1]),
        ([0, 2], [2, 4]),
    ],
)
def queue_waiting_times(arrivals: list[int], durations: list[int]) -> list[int]:
    """Customers arrive at a single counter at the times in arrivals (non-decreasing) and
    need durations[i] time units of service each. They are served one at a time in arrival
    order; service starts at the later of the arrival time and the moment the previous
    customer is finished. Return how long each customer waits before service starts.

    >>> queue_waiting_times([0, 1, 2], [5, 2, 1])
    [0, 4, 5]
    >>> queue_waiting_times([0, 10], [3, 3])
    [0, 0]
    """
    waits = []
    free_at = 0
    for arrive, need in zip(arrivals, durations):
        start = max(arrive, free_at)
        waits.append(start - arrive)
        free_at = start + need
    return waits


@task(
    difficulty="medium",
    inputs=[
        (1, [["in", "A1"], ["in", "B2"], ["out", "A1"], ["in", "B2"]]),
        (2, []),
        (0, [["in", "X"], ["in", "X"]]),
        (2, [["in", "A"], ["in", "A"], ["in", "B"], ["in", "C"], ["out", "Z"]]),
        (3, [["in", "A"], ["in", "B"], ["out", "A"], ["in", "C"], ["in", "A"]]),
        (2, [["out", "A"], ["in", "B"], ["in", "C"], ["in", "D"], ["out", "B"], ["in", "D"]]),
    ],
)
def parking_garage(capacity: int, events: list[list[str]]) -> dict:
    """Simulate a garage with room for capacity cars. Each event is ["in", plate] or
    ["out", plate]. A car arriving when the garage is full is turned away; a car that is
    already inside arriving again, or a car that is not inside leaving, changes nothing.
    Return {"parked": plates inside at the end, in the order they entered,
    "turned_away": plates turned away, in event order (repeats allowed)}.

    >>> parking_garage(1, [["in", "A1"], ["in", "B2"], ["out", "A1"], ["in", "B2"]])
    {'parked': ['B2'], 'turned_away': ['B2']}
    """
    parked = []
    turned_away = []
    for action, plate in events:
        if action == "in":
            if plate in parked:
                continue
            if len(parked) >= capacity:
                turned_away.append(plate)
            else:
                parked.append(plate)
        elif action == "out" and plate in parked:
            parked.remove(plate)
    return {"parked": parked, "turned_away": turned_away}


@task(
    difficulty="medium",
    inputs=[
        ([["add", "nut", 5], ["remove", "nut", 2], ["add", "bolt", 1]],),
        ([["add", "gear", 2], ["remove", "gear", 9]],),
        ([],),
        ([["remove", "ghost", 3]],),
        ([["add", "a", 1], ["add", "a", 1], ["remove", "a", 2], ["add", "a", 4]],),
        ([["add", "x", 10], ["remove", "x", 10], ["add", "y", 3], ["remove", "y", 1]],),
        ([["add", "k", 3], ["remove", "k", 2]],),
    ],
)
def inventory_levels(events: list[list]) -> dict:
    """Track stock from events ["add", item, quantity] and ["remove", item, quantity]
    (quantities are positive integers). Removing more than is in stock removes only what is
    there. Items whose stock is 0 must not appear in the result. Return a dict mapping each
    item in stock to its quantity.

    >>> inventory_levels([["add", "nut", 5], ["remove", "nut", 2], ["add", "bolt", 1]])
    {'nut': 3, 'bolt': 1}
    >>> inventory_levels([["add", "gear", 2], ["remove", "gear", 9]])
    {}
    """
    stock = {}
    for action, item, quantity in events:
        if action == "add":
            stock[item] = stock.get(item, 0) + quantity
        elif action == "remove":
            left = stock.get(item, 0) - quantity
            if left > 0:
                stock[item] = left
            else:
                stock.pop(item, None)
    return stock


@task(
    difficulty="hard",
    inputs=[
        ("AAB",),
        ("ABABABA",),
        ("BBBB",),
        ("",),
        ("AAAA",),
        ("ABABAB",),
        ("ABABABB",),
        ("AAABBB",),
        ("AAABBBAA",),
        ("BBBAAABAA",),
        ("AAAABBBB",),
        ("BBBA",),
        ("ABAAB",),
        ("AABBBB",),
        ("AABBB",),
        ("ABABABBB",),
    ],
)
def tennis_game_score(points: str) -> str:
    """points lists who won each point of one tennis game, "A" or "B". Report the state:
    a player with at least 4 points and 2 more than the other has won: "game A" or
    "game B" (points played after that are ignored). Otherwise, if both have at least 3
    points, say "deuce" when level or "advantage A" / "advantage B" for the leader.
    Otherwise give the two calls "A-B" using 0, 15, 30, 40 for 0, 1, 2, 3 points.

    >>> tennis_game_score("AAB")
    '30-15'
    >>> tennis_game_score("ABABABA")
    'advantage A'
    >>> tennis_game_score("BBBB")
    'game B'
    """
    calls = ["0", "15", "30", "40"]
    a = b = 0
    for p in points:
        if p == "A":
            a += 1
        else:
            b += 1
        if a >= 4 and a - b >= 2:
            return "game A"
        if b >= 4 and b - a >= 2:
            return "game B"
    if a >= 3 and b >= 3:
        if a == b:
            return "deuce"
        return "advantage A" if a > b else "advantage B"
    return calls[a] + "-" + calls[b]


@task(
    difficulty="hard",
    inputs=[
        (2, ["a", "b", "a", "c", "b", "a"]),
        (0, ["a", "a"]),
        (3, []),
        (1, ["x", "x", "x"]),
        (2, ["a", "b", "c", "a"]),
        (3, ["a", "b", "c", "a", "d", "b", "a"]),
        (2, ["a", "b", "a", "c", "a", "b"]),
        (4, [str(i % 5) for i in range(40)]),
    ],
)
def lru_hit_count(capacity: int, requests: list[str]) -> int:
    """A cache holds at most capacity keys (capacity >= 0). For each requested key: if it
    is in the cache, that is a hit and the key becomes the most recently used; otherwise
    it is added as most recently used, first evicting the least recently used key if the
    cache is full (with capacity 0 nothing is ever stored). Return the number of hits.

    >>> lru_hit_count(2, ["a", "b", "a", "c", "b", "a"])
    1
    >>> lru_hit_count(0, ["a", "a"])
    0
    """
    cache = []
    hits = 0
    for key in requests:
        if key in cache:
            hits += 1
            cache.remove(key)
            cache.append(key)
        elif capacity > 0:
            if len(cache) == capacity:
                cache.pop(0)
            cache.append(key)
    return hits


@task(
    difficulty="hard",
    inputs=[
        ([5, 2, 3], 2),
        ([4], 10),
        ([], 3),
        ([1, 1, 1], 1),
        ([3, 3], 3),
        ([6, 1, 4, 2], 3),
        ([10, 10], 4),
        ([7, 2, 9, 1], 1),
    ],
)
def round_robin_finish(bursts: list[int], quantum: int) -> list[int]:
    """Processes 0..n-1 all arrive at time 0, queued in index order, and process i needs
    bursts[i] time units of CPU. The scheduler repeatedly takes the process at the front of
    the queue and runs it for quantum units or until it finishes, whichever is shorter; an
    unfinished process goes to the back of the queue. Return each process's finishing time.

    >>> round_robin_finish([5, 2, 3], 2)
    [10, 4, 9]
    >>> round_robin_finish([4], 10)
    [4]
    """
    from collections import deque
    remaining = list(bursts)
    finish = [0] * len(bursts)
    queue = deque(range(len(bursts)))
    clock = 0
    while queue:
        i = queue.popleft()
        run = min(quantum, remaining[i])
        clock += run
        remaining[i] -= run
        if remaining[i]:
            queue.append(i)
        else:
            finish[i] = clock
    return finish


@task(
    difficulty="easy",
    inputs=[(100, 50, 10), (5, 50, 10), (100, 0, 1), (100, 99, 90), (1000, 80, 300), (64, 50, 1), (20, 50, 10)],
)
def bounce_heights(height: int, percent: int, minimum: int) -> list[int]:
    """A ball dropped from height (in cm) bounces back to percent percent of its previous
    height, rounded down to whole centimetres (0 <= percent < 100). Return the heights of
    the successive bounces, as long as a bounce reaches at least minimum (minimum >= 1).

    >>> bounce_heights(100, 50, 10)
    [50, 25, 12]
    >>> bounce_heights(5, 50, 10)
    []
    """
    heights = []
    h = height * percent // 100
    while h >= minimum:
        heights.append(h)
        h = h * percent // 100
    return heights


@task(
    difficulty="easy",
    inputs=[
        (1000, 1100, 5),
        (10, 20, 5),
        (500, 500, 1),
        (500, 100, 0),
        (100, 101, 0),
        (1000, 2000, 100),
        (1000, 2001, 100),
        (1500, 5000, 2),
    ],
)
def years_to_reach(population: int, target: int, percent: int) -> int:
    """Each year a town grows by percent percent of its population, rounded down to a
    whole number of people. Return how many years pass until the population is at least
    target (0 if it already is). If growth stops while still below target, return -1.

    >>> years_to_reach(1000, 1100, 5)
    2
    >>> years_to_reach(10, 20, 5)
    -1
    """
    years = 0
    while population < target:
        growth = population * percent // 100
        if growth == 0:
            return -1
        population += growth
        years += 1
    return years


@task(
    difficulty="hard",
    inputs=[
        ([10] * 12,),
        ([9, 1] * 10 + [9],),
        ([0] * 20,),
        ([1] * 20,),
        ([10, 3, 4] + [0] * 16,),
        ([5, 5, 3, 0] + [0] * 16,),
        ([0] * 18 + [10, 10, 10],),
        ([0] * 18 + [7, 3, 5],),
        ([10, 10, 10, 7, 2, 8, 2, 0, 9, 10, 7, 3, 9, 0, 10, 10, 8],),
        ([3, 6] * 10,),
    ],
)
def bowling_total(rolls: list[int]) -> int:
    """rolls are the pins knocked down by each ball of one complete ten-pin bowling game.
    A game has 10 frames. A strike (10 pins with the first ball of a frame) scores 10 plus
    the next two balls; a spare (10 pins with two balls) scores 10 plus the next ball;
    otherwise a frame scores its pins. Bonus balls after the 10th frame only count as
    bonus. Return the total score.

    >>> bowling_total([10] * 12)
    300
    >>> bowling_total([9, 1] * 10 + [9])
    190
    """
    total = 0
    i = 0
    for _ in range(10):
        if rolls[i] == 10:
            total += 10 + rolls[i + 1] + rolls[i + 2]
            i += 1
        elif rolls[i] + rolls[i + 1] == 10:
            total += 10 + rolls[i + 2]
            i += 2
        else:
            total += rolls[i] + rolls[i + 1]
            i += 2
    return total


@task(
    difficulty="medium",
    inputs=[
        ([0, 0, 1, 0, 0], 90),
        ([1, 1, 1], 0),
        ([], 30),
        ([1], 255),
        ([0, 0, 0, 1, 0, 0, 0], 30),
        ([1, 0, 1, 1, 0], 110),
        ([1, 1, 0, 0, 1], 184),
        ([1, 0, 0, 0, 1], 1),
        ([0, 1, 1, 0], 4),
        ([0, 0, 1], 16),
        ([0, 1, 0, 1], 18),
    ],
)
def automaton_step(cells: list[int], rule: int) -> list[int]:
    """Advance a one-dimensional cellular automaton by one step. cells holds 0s and 1s;
    cells outside the list count as 0. The new value of cell i is bit number
    4 * left + 2 * cells[i] + right of rule (0 <= rule <= 255), where left and right are
    the old neighbouring values. Return the new list, of the same length.

    >>> automaton_step([0, 0, 1, 0, 0], 90)
    [0, 1, 0, 1, 0]
    >>> automaton_step([1, 1, 1], 0)
    [0, 0, 0]
    """
    n = len(cells)
    out = []
    for i in range(n):
        left = cells[i - 1] if i > 0 else 0
        right = cells[i + 1] if i < n - 1 else 0
        index = 4 * left + 2 * cells[i] + right
        out.append((rule >> index) & 1)
    return out


@task(difficulty="medium", inputs=[(5, 2), (3, 1), (0, 3), (1, 5), (7, 3), (6, 10), (10, 4), (2, 2)])
def elimination_order(n: int, k: int) -> list[int]:
    """People numbered 1..n stand in a circle. Starting the count at person 1, every k-th
    person (k >= 1) still standing is removed, and counting resumes with the next person.
    Return the numbers in the order they are removed.

    >>> elimination_order(5, 2)
    [2, 4, 1, 5, 3]
    >>> elimination_order(3, 1)
    [1, 2, 3]
    """
    people = list(range(1, n + 1))
    order = []
    i = 0
    while people:
        i = (i + k - 1) % len(people)
        order.append(people.pop(i))
    return order


@task(
    difficulty="medium",
    inputs=[
        (["push 4", "push 3", "sub", "dup", "mul"],),
        (["push 1", "add"],),
        ([],),
        (["pop"],),
        (["push -2", "push 5", "swap", "sub"],),
        (["push 2", "dup", "dup", "mul", "add"],),
        (["push 7", "push 8", "pop"],),
        (["push 3", "swap"],),
        (["push 6", "push 7", "mul", "push 2", "add"],),
        (["push 1", "pop"],),
        (["dup"],),
        (["push 1", "sub"],),
        (["push 1", "mul"],),
        (["push 1", "push 2", "dup"],),
    ],
)
def stack_machine(program: list[str]) -> list[int]:
    """Run instructions on an initially empty stack of integers (the end of the list is
    the top): "push N" pushes the integer N; "pop" discards the top; "dup" pushes a copy of
    the top; "swap" exchanges the top two; "add", "sub" and "mul" pop b (the top) and then
    a, and push a + b, a - b or a * b. If an instruction needs more values than the stack
    holds, stop and return None. Otherwise return the final stack.

    >>> stack_machine(["push 4", "push 3", "sub", "dup", "mul"])
    [1]
    >>> stack_machine(["push 1", "add"]) is None
    True
    """
    stack = []
    needs = {"pop": 1, "dup": 1, "swap": 2, "add": 2, "sub": 2, "mul": 2}
    for line in program:
        op, *arg = line.split()
        if op == "push":
            stack.append(int(arg[0]))
            continue
        if len(stack) < needs[op]:
            return None
        if op == "pop":
            stack.pop()
        elif op == "dup":
            stack.append(stack[-1])
        elif op == "swap":
            stack[-1], stack[-2] = stack[-2], stack[-1]
        else:
            b = stack.pop()
            a = stack.pop()
            stack.append(a + b if op == "add" else a - b if op == "sub" else a * b)
    return stack


@task(
    difficulty="hard",
    inputs=[
        (["set a 3", "set b 0", "add b a", "add a -1", "jnz a -2"],),
        (["jnz 1 0"],),
        ([],),
        (["add x 5", "mul x x", "jnz 0 5", "add y x"],),
        (["set n 5", "set f 1", "mul f n", "add n -1", "jnz n -2"],),
        (["jnz q 2", "set q 9", "add r q"],),
        (["set a 1", "jnz a 2", "set a 100", "add a 1"],),
        (["set c 4", "add c -1", "jnz c -1", "jnz 1 -10"],),
        (["set b 1", "set a 4999", "add a -1", "jnz a -1"],),
        (["set a 5000", "add a -1", "jnz a -1"],),
        (["set a 1", "jnz a -2"],),
        (["mul z 5", "add w 2", "mul w 3"],),
    ],
)
def register_program(program: list[str]) -> dict:
    """Execute a tiny register machine. Registers are named by lowercase words and start at
    0; an operand v is either an integer literal or a register name. Instructions:
    "set r v" (r = v), "add r v" (r += v), "mul r v" (r *= v), and "jnz v k": if v is not
    0, jump k instructions relative to this one (k is an integer literal), otherwise go to
    the next one. The program stops when execution moves outside the list. Return a dict
    with the final value of every register that was ever assigned by set, add or mul.
    If more than 10000 instructions run, return None instead.

    >>> register_program(["set a 3", "set b 0", "add b a", "add a -1", "jnz a -2"])
    {'a': 0, 'b': 6}
    >>> register_program(["jnz 1 0"]) is None
    True
    """
    registers = {}

    def value(token):
        try:
            return int(token)
        except ValueError:
            return registers.get(token, 0)

    pc = 0
    executed = 0
    while 0 <= pc < len(program):
        executed += 1
        if executed > 10000:
            return None
        op, x, y = program[pc].split()
        if op == "jnz":
            pc += int(y) if value(x) != 0 else 1
            continue
        if op == "set":
            registers[x] = value(y)
        elif op == "add":
            registers[x] = registers.get(x, 0) + value(y)
        elif op == "mul":
            registers[x] = registers.get(x, 0) * value(y)
        pc += 1
    return registers


@task(difficulty="medium", inputs=[(4,), (5,), (0,), (1,), (11,), (100,), (10000,), (11000,), (20000,)])
def langton_black_cells(steps: int) -> int:
    """An ant sits on an infinite grid of white cells, facing up. At each step: on a white
    cell it turns 90 degrees right, on a black cell 90 degrees left; then it flips the color
    of the cell it is on and moves forward one cell. Return how many cells are black after
    the given number of steps (steps can be up to about 20000).

    >>> langton_black_cells(4)
    4
    >>> langton_black_cells(5)
    3
    """
    black = set()
    x = y = 0
    dx, dy = 0, 1
    for _ in range(steps):
        if (x, y) in black:
            dx, dy = -dy, dx
            black.remove((x, y))
        else:
            dx, dy = dy, -dx
            black.add((x, y))
        x += dx
        y += dy
    return len(black)


@task(
    difficulty="medium",
    inputs=[
        ([18, 19.5, 21, 22.5, 20], 20, 1),
        ([], 20, 1),
        ([19, 21], 20, 1),
        ([18.9, 21.1, 18.9, 21.1], 20, 1),
        ([15, 25, 15, 25], 20, 0),
        ([20, 20, 20], 20, 0),
        ([10, 30, 21, 19], 20, 2),
    ],
)
def thermostat_states(readings: list[float], target: float, margin: float) -> list[bool]:
    """A heater starts off. After each temperature reading it switches on if it is off and
    the reading is below target - margin, and switches off if it is on and the reading is
    above target + margin; otherwise it keeps its state. Return the heater state (True for
    on) after each reading.

    >>> thermostat_states([18, 19.5, 21, 22.5, 20], 20, 1)
    [True, True, True, False, False]
    >>> thermostat_states([], 20, 1)
    []
    """
    on = False
    states = []
    for t in readings:
        if not on and t < target - margin:
            on = True
        elif on and t > target + margin:
            on = False
        states.append(on)
    return states


@task(
    difficulty="medium",
    inputs=[
        ("caabbbaad",),
        ("aabb",),
        ("",),
        ("aaa",),
        ("aaaa",),
        ("abbbaccca",),
        ("xxyyyxz",),
        ("abcddde",),
        ("aabbbccbba",),
        ("zzzyyyz",),
    ],
)
def crush_runs(text: str) -> str:
    """Repeatedly delete, all at the same time, every maximal run of 3 or more identical
    adjacent characters; the pieces left join up and may form new runs. Stop when no run of
    3 or more remains and return what is left.

    >>> crush_runs("caabbbaad")
    'cd'
    >>> crush_runs("aabb")
    'aabb'
    """
    while True:
        out = []
        i = 0
        changed = False
        while i < len(text):
            j = i
            while j < len(text) and text[j] == text[i]:
                j += 1
            if j - i >= 3:
                changed = True
            else:
                out.append(text[i:j])
            i = j
        text = "".join(out)
        if not changed:
            return text


@task(
    difficulty="medium",
    inputs=[
        (["open", "lock", "close", "lock"],),
        ([],),
        (["unlock"],),
        (["lock", "open", "unlock", "open"],),
        (["open", "open", "close", "close"],),
        (["knock", "lock", "unlock", "lock"],),
        (["open"],),
    ],
)
def door_states(events: list[str]) -> list:
    """A door starts "closed". Allowed transitions: "open" turns closed into "open",
    "close" turns open into "closed", "lock" turns closed into "locked", "unlock" turns
    locked into "closed". Any other event, or an event not allowed in the current state,
    is ignored. Return [final state, number of ignored events].

    >>> door_states(["open", "lock", "close", "lock"])
    ['locked', 1]
    >>> door_states([])
    ['closed', 0]
    """
    moves = {("closed", "open"): "open", ("open", "close"): "closed",
             ("closed", "lock"): "locked", ("locked", "unlock"): "closed"}
    state = "closed"
    ignored = 0
    for e in events:
        if (state, e) in moves:
            state = moves[(state, e)]
        else:
            ignored += 1
    return [state, ignored]


@task(
    difficulty="hard",
    inputs=[
        ({"ann": 30, "bob": 0, "cid": 0},),
        ({"x": 5, "y": 5},),
        ({},),
        ({"a": 0, "b": 100},),
        ({"d": 40, "c": 40, "b": 10, "a": 10},),
        ({"p": 70, "q": 20, "r": 0, "s": 10},),
        ({"m": 9, "n": 0, "o": 0},),
    ],
)
def settle_transfers(paid: dict) -> list[list]:
    """paid maps each person to the amount they paid for a shared expense; the total is
    divisible by the number of people and everyone owes an equal share. A person's balance
    is what they paid minus the share. While some balance is not zero, the person with the
    most negative balance pays the person with the largest positive balance the smaller of
    the two absolute amounts (ties between people go to the alphabetically first name).
    Return the transfers in order as [payer, receiver, amount].

    >>> settle_transfers({"ann": 30, "bob": 0, "cid": 0})
    [['bob', 'ann', 10], ['cid', 'ann', 10]]
    >>> settle_transfers({"x": 5, "y": 5})
    []
    """
    if not paid:
        return []
    share = sum(paid.values()) // len(paid)
    balance = {name: amount - share for name, amount in paid.items()}
    transfers = []
    while any(balance.values()):
        payer = min(balance, key=lambda n: (balance[n], n))
        receiver = min(balance, key=lambda n: (-balance[n], n))
        amount = min(-balance[payer], balance[receiver])
        transfers.append([payer, receiver, amount])
        balance[payer] += amount
        balance[receiver] -= amount
    return transfers


@task(
    difficulty="medium",
    inputs=[
        (4, [[5, 1, 2], [1, 0, 1], [3, 2, 3]]),
        (1, []),
        (3, [[1, 1, 2]]),
        (3, [[2, 1, 2], [2, 0, 1]]),
        (3, [[2, 0, 1], [2, 1, 2]]),
        (5, [[1, 3, 0], [2, 4, 3], [0, 1, 2], [9, 2, 4]]),
        (4, [[7, 2, 0], [7, 3, 2], [1, 1, 3]]),
    ],
)
def rumor_spread(people: int, calls: list[list[int]]) -> list[int]:
    """People are numbered 0..people-1 and only person 0 knows a rumor at first. Each call
    is [time, a, b]: persons a and b talk, and if either knows the rumor, both know it
    afterwards. Calls happen in order of time; calls with equal times happen in the order
    listed. Return the sorted numbers of everyone who knows the rumor at the end.

    >>> rumor_spread(4, [[5, 1, 2], [1, 0, 1], [3, 2, 3]])
    [0, 1, 2]
    >>> rumor_spread(1, [])
    [0]
    """
    knows = {0}
    for _, a, b in sorted(calls, key=lambda c: c[0]):
        if a in knows or b in knows:
            knows.update((a, b))
    return sorted(knows)


@task(
    difficulty="medium",
    inputs=[
        ([2, 3, 2], 2),
        ([5, 1, 1, 1], 0),
        ([1], 0),
        ([1, 1, 1], 1),
        ([3, 3, 3], 0),
        ([3, 3, 3], 2),
        ([4, 1, 6, 2], 2),
        ([10 ** 6, 10 ** 6], 1),
    ],
)
def ticket_queue_time(tickets: list[int], k: int) -> int:
    """People stand in a line; person i wants tickets[i] >= 1 tickets. Every second the
    person at the front buys one ticket; if they still want more they go to the back of the
    line, otherwise they leave. Return the number of seconds until person k (0-based) has
    bought all of their tickets.

    >>> ticket_queue_time([2, 3, 2], 2)
    6
    >>> ticket_queue_time([5, 1, 1, 1], 0)
    8
    """
    time = 0
    for i, want in enumerate(tickets):
        if i <= k:
            time += min(want, tickets[k])
        else:
            time += min(want, tickets[k] - 1)
    return time


@task(
    difficulty="medium",
    inputs=[
        ([2, 2, 3, 3], 5),
        ([], 4),
        ([1], 1),
        ([1, 1, 1, 4, 2, 3], 4),
        ([7, 7, 7, 7, 7, 7, 7], 8),
        ([3, 2], 5),
        ([3, 3], 5),
        ([1] * 50, 100),
    ],
)
def watering_steps(plants: list[int], capacity: int) -> int:
    """Plant i stands at position i and needs plants[i] units of water (each at most
    capacity). You start at the river at position -1 with a full can holding capacity
    units and water the plants in order, walking one unit per step. If the can holds less
    than the next plant needs, walk back to the river, refill completely and walk back.
    Return the total number of steps taken until the last plant is watered.

    >>> watering_steps([2, 2, 3, 3], 5)
    14
    >>> watering_steps([], 4)
    0
    """
    steps = 0
    water = capacity
    for i, need in enumerate(plants):
        if water < need:
            steps += 2 * i
            water = capacity
        steps += 1
        water -= need
    return steps


@task(
    difficulty="easy",
    inputs=[
        ([[0, 5], [2, 4], [0, 1]], 6),
        ([], 10),
        ([[3, 2]], 1),
        ([[0, 0], [0, 0]], 0),
        ([[0, 4], [10, 4], [1, 9]], 4),
        ([[0, 10], [5, 5], [5, 5], [0, 1]], 10),
    ],
)
def bus_left_behind(stops: list[list[int]], capacity: int) -> list[int]:
    """An empty bus with capacity seats visits stops in order; each stop is
    [getting_off, waiting]. First up to getting_off passengers leave (never more than are
    on board), then waiting people board while seats are free. Return, for each stop, how
    many waiting people had to stay behind.

    >>> bus_left_behind([[0, 5], [2, 4], [0, 1]], 6)
    [0, 1, 1]
    >>> bus_left_behind([], 10)
    []
    """
    aboard = 0
    left = []
    for off, waiting in stops:
        aboard -= min(off, aboard)
        boarding = min(waiting, capacity - aboard)
        aboard += boarding
        left.append(waiting - boarding)
    return left


@task(
    difficulty="medium",
    inputs=[
        ("dabAcCaCBAcCcaDA",),
        ("abBA",),
        ("",),
        ("aA",),
        ("aa",),
        ("abAB",),
        ("aabAAB",),
        ("xXyYzZq",),
        ("cBbAaC",),
    ],
)
def react_polymer(chain: str) -> str:
    """chain is made of ASCII letters. Two adjacent units react and vanish when they are the
    same letter in opposite cases ("aA" or "Bb", but not "aa" or "AB"); removing them can
    bring new units together that react in turn. Return the chain once no more reactions
    are possible.

    >>> react_polymer("dabAcCaCBAcCcaDA")
    'dabCBAcaDA'
    >>> react_polymer("abBA")
    ''
    """
    stack = []
    for c in chain:
        if stack and stack[-1] != c and stack[-1].lower() == c.lower():
            stack.pop()
        else:
            stack.append(c)
    return "".join(stack)


@task(
    difficulty="hard",
    float_tol=1e-9,
    inputs=[
        (2, 1, 1),
        (1, 1, 0),
        (0, 0, 0),
        (0.5, 0, 0),
        (4, 2, 1),
        (4, 2, 0),
        (10, 3, 1),
        (25, 4, 0),
        (100000009, 33, 17),
    ],
)
def champagne_level(poured: float, row: int, glass: int) -> float:
    """Glasses form a pyramid: row 0 has one glass, row r has r + 1 glasses, and glass j of
    row r sits above glasses j and j + 1 of row r + 1. Each glass holds 1 unit. poured units
    go into the top glass; whatever a glass receives beyond 1 unit is split equally between
    the two glasses below it. Return how full glass `glass` of row `row` ends up (0 to 1).

    >>> champagne_level(2, 1, 1)
    0.5
    >>> champagne_level(1, 1, 0)
    0.0
    """
    flows = [float(poured)]
    for _ in range(row):
        below = [0.0] * (len(flows) + 1)
        for j, amount in enumerate(flows):
            extra = max(0.0, amount - 1) / 2
            below[j] += extra
            below[j + 1] += extra
        flows = below
    return min(1.0, flows[glass])


@task(
    difficulty="medium",
    inputs=[
        (10, [[3, 8], [9, 2]], [2, 1, 6, 2]),
        (10, [], []),
        (10, [], [6, 6, 3]),
        (10, [[5, 9]], [4, 1]),
        (20, [[4, 14], [17, 7], [9, 3]], [3, 3, 5, 6, 2, 6]),
        (6, [], [5, 5, 5]),
        (12, [[2, 11], [11, 1]], [1, 4, 6, 5, 6]),
    ],
)
def snakes_and_ladders(size: int, jumps: list[list[int]], rolls: list[int]) -> list[int]:
    """A single player starts on square 1 of a board with squares 1..size. For each die roll
    in order, the player moves forward that many squares, unless that would pass square
    size, in which case the player stays put for that roll. After landing, if the square is
    the start of a jump [start, end] (a ladder or a snake), the player moves to end. The
    game stops once square size is reached. Return [final square, number of rolls used].

    >>> snakes_and_ladders(10, [[3, 8], [9, 2]], [2, 1, 6, 2])
    [10, 4]
    >>> snakes_and_ladders(10, [], [])
    [1, 0]
    """
    where = {start: end for start, end in jumps}
    square = 1
    used = 0
    for roll in rolls:
        if square == size:
            break
        used += 1
        if square + roll > size:
            continue
        square += roll
        square = where.get(square, square)
    return [square, used]


@task(
    difficulty="medium",
    inputs=[
        ([["ann", 50], ["bob", 90], ["ann", 95], ["cy", 100]], 60, 10),
        ([["ann", 10]], 20, 5),
        ([], 0, 1),
        ([["a", 20]], 20, 5),
        ([["a", 20], ["a", 40], ["b", 24], ["b", 25]], 10, 5),
        ([["x", 5], ["y", 5], ["x", 6]], 0, 0),
        ([["p", 100], ["q", 109], ["r", 110]], 100, 10),
    ],
)
def auction_winner(bids: list[list], reserve: int, increment: int) -> list:
    """Bids [bidder, amount] arrive in order. The first bid to be accepted must be at least
    reserve; after that a bid is accepted only if it is at least the current highest
    accepted amount plus increment. Bids by the current highest bidder are ignored. Return
    [winner, amount] for the last accepted bid, or None if no bid was accepted.

    >>> auction_winner([["ann", 50], ["bob", 90], ["ann", 95], ["cy", 100]], 60, 10)
    ['cy', 100]
    >>> auction_winner([["ann", 10]], 20, 5) is None
    True
    """
    best = None
    for bidder, amount in bids:
        if best is None:
            if amount >= reserve:
                best = [bidder, amount]
        elif bidder != best[0] and amount >= best[1] + increment:
            best = [bidder, amount]
    return best


@task(
    difficulty="medium",
    inputs=[
        ([5, 5, 5], 6, 2),
        ([], 3, 1),
        ([10], 0, 5),
        ([1, 1, 1, 1], 2, 1),
        ([3, 0, 3, 0, 3], 3, 3),
        ([4, 4, 4], 5, 0),
        ([9, 0, 0, 9], 10, 4),
        ([2, 7, 1], 5, 10),
    ],
)
def leaky_bucket_drops(arrivals: list[int], capacity: int, leak: int) -> int:
    """A bucket starts empty. At each tick, arrivals[t] units pour in; anything above
    capacity overflows and is lost; then leak units drain out (never below empty).
    Return the total number of units lost to overflow.

    >>> leaky_bucket_drops([5, 5, 5], 6, 2)
    5
    >>> leaky_bucket_drops([], 3, 1)
    0
    """
    level = 0
    lost = 0
    for amount in arrivals:
        level += amount
        if level > capacity:
            lost += level - capacity
            level = capacity
        level = max(0, level - leak)
    return lost


@task(
    difficulty="hard",
    inputs=[
        (3, 3, [[0, 1], [1, 1]], "RD"),
        (2, 2, [], "U"),
        (3, 3, [], ""),
        (2, 2, [], "RDLU"),
        (3, 3, [[0, 1], [0, 2], [1, 2]], "RRDLU"),
        (3, 3, [[0, 1], [0, 2], [1, 2], [1, 1]], "RRDLU"),
        (2, 3, [[0, 1], [1, 1]], "RDL"),
        (4, 4, [[0, 2]], "RRDDLL"),
        (3, 4, [[1, 0], [2, 0], [2, 1]], "DDRRUUL"),
        (2, 2, [[0, 1]], "RDLU"),
        (2, 2, [[0, 1], [1, 1], [1, 0], [0, 0]], "RDLU"),
        (3, 3, [], "DL"),
        (2, 3, [], "RRR"),
    ],
)
def snake_game_score(rows: int, cols: int, food: list[list[int]], moves: str) -> int:
    """A snake of length 1 starts at [0, 0] on a rows x cols board ([row, col], row 0 at the
    top). moves uses "U", "D", "L", "R". Food appears one piece at a time at the positions
    in food, in order; the next piece appears once the current one is eaten. On each move
    the head advances; leaving the board ends the game. If the head lands on the food the
    snake grows by one (its tail stays) and the score rises by 1; otherwise the tail moves
    too, so the head may enter the cell the tail just left. Running into its own body ends
    the game. Return the final score, or -1 if the game ended before all moves were made.

    >>> snake_game_score(3, 3, [[0, 1], [1, 1]], "RD")
    2
    >>> snake_game_score(2, 2, [], "U")
    -1
    """
    from collections import deque
    body = deque([(0, 0)])
    occupied = {(0, 0)}
    score = 0
    delta = {"U": (-1, 0), "D": (1, 0), "L": (0, -1), "R": (0, 1)}
    for m in moves:
        dr, dc = delta[m]
        head = (body[-1][0] + dr, body[-1][1] + dc)
        if not (0 <= head[0] < rows and 0 <= head[1] < cols):
            return -1
        eats = score < len(food) and list(head) == food[score]
        if not eats:
            occupied.discard(body.popleft())
        if head in occupied:
            return -1
        body.append(head)
        occupied.add(head)
        if eats:
            score += 1
    return score


@task(difficulty="easy", inputs=[(3,), (0,), (1,), (-2,), (10,)])
def countdown_labels(start: int) -> list[str]:
    """Return the announcements of a countdown: the numbers from start down to 1 as
    strings, followed by "liftoff". A start below 1 gives just ["liftoff"].

    >>> countdown_labels(3)
    ['3', '2', '1', 'liftoff']
    >>> countdown_labels(0)
    ['liftoff']
    """
    return [str(i) for i in range(start, 0, -1)] + ["liftoff"]


@task(
    difficulty="easy",
    inputs=[
        (["RS", "PS", "RR"],),
        ([],),
        (["PR", "SP", "RS"],),
        (["RP", "PS", "SR"],),
        (["SS", "PP"],),
        (["RS", "SR", "PP", "PR"],),
    ],
)
def rock_paper_scissors_tally(rounds: list[str]) -> list[int]:
    """Each round is a two-letter string: the first player's move then the second player's,
    using "R" (rock), "P" (paper) and "S" (scissors). Rock beats scissors, scissors beats
    paper, paper beats rock. Return [first player's wins, second player's wins, draws].

    >>> rock_paper_scissors_tally(["RS", "PS", "RR"])
    [1, 1, 1]
    >>> rock_paper_scissors_tally([])
    [0, 0, 0]
    """
    beats = {"R": "S", "S": "P", "P": "R"}
    tally = [0, 0, 0]
    for a, b in rounds:
        if a == b:
            tally[2] += 1
        elif beats[a] == b:
            tally[0] += 1
        else:
            tally[1] += 1
    return tally


@task(
    difficulty="easy",
    inputs=[
        (10, [4, 8, -3]),
        (10, [-5, 2]),
        (5, []),
        (0, [3, -1]),
        (100, [50, -20, 30, -100, 7]),
        (8, [8, 1, -1]),
        (6, [-1, 6, -7, 2]),
    ],
)
def tank_level(capacity: int, changes: list[int]) -> int:
    """A water tank starts empty. Apply each change in order (positive adds water,
    negative drains it), but the level never goes below 0 or above capacity: extra water
    spills and draining stops at empty. Return the final level.

    >>> tank_level(10, [4, 8, -3])
    7
    >>> tank_level(10, [-5, 2])
    2
    """
    level = 0
    for c in changes:
        level = min(capacity, max(0, level + c))
    return level


@task(difficulty="easy", inputs=[(22, 5), (1, -2), (0, 0), (23, 1), (12, 24), (5, -29), (7, 10 ** 15)])
def hour_after(start_hour: int, hours: int) -> int:
    """On a 24-hour clock showing start_hour (0-23), return the hour shown after the given
    number of hours have passed; hours may be negative (going back in time) or very large.

    >>> hour_after(22, 5)
    3
    >>> hour_after(1, -2)
    23
    """
    return (start_hour + hours) % 24
