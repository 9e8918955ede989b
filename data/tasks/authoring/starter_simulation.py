"""Starter tier of the task family `simulation`: one loop stepping a small state through a list of events.

Every prompt states the whole rule, and the state is one or two variables (a counter, a position, a short
list); the suite's `simulation` family holds the longer machines and games. Every fourth task
(index % 4 == 3) is held out.
Written for codegen-rlhf (original wording, Apache-2.0). Built by build.py into
codegen_rlhf/data/tasks/starter_simulation.jsonl.
"""

from _task import task

FAMILY = "simulation"
TIER = "starter"


@task(
    difficulty="easy",
    inputs=[
        [["inc", "inc", "dec", "inc"]],
        [[]],
        [["inc", "inc", "reset", "dec"]],
        [["dec", "dec"]],
        [["reset"]],
        [["inc", "inc", "inc", "inc", "inc"]],
    ],
)
def counter_after_commands(commands: list) -> int:
    """A counter starts at 0. Apply each command in order: "inc" adds 1, "dec" subtracts 1 and "reset"
    sets it back to 0. Return the final value of the counter.

    >>> counter_after_commands(["inc", "inc", "dec", "inc"])
    2
    """
    value = 0
    for command in commands:
        if command == "inc":
            value += 1
        elif command == "dec":
            value -= 1
        else:
            value = 0
    return value


@task(
    difficulty="easy",
    inputs=[
        [["toggle", "toggle", "on"]],
        [[]],
        [["toggle"]],
        [["on", "toggle"]],
        [["off", "toggle", "toggle", "toggle"]],
        [["on", "on", "off"]],
    ],
)
def lamp_state(actions: list) -> str:
    """A lamp starts "off". Each action is "on" (switch it on), "off" (switch it off) or "toggle"
    (switch it to the other state). Return "on" or "off", the state after all the actions.

    >>> lamp_state(["toggle", "toggle", "on"])
    'on'
    """
    state = "off"
    for action in actions:
        if action == "toggle":
            state = "on" if state == "off" else "off"
        else:
            state = action
    return state


@task(
    difficulty="easy",
    inputs=[
        [["quarter", "dime", "penny", "penny"]],
        [[]],
        [["penny"]],
        [["nickel"]],
        [["dime"]],
        [["quarter", "quarter", "quarter", "quarter"]],
        [["nickel", "penny", "nickel"]],
    ],
)
def piggy_bank_cents(coins: list) -> int:
    """Coins are dropped into an empty piggy bank: a "penny" is 1 cent, a "nickel" 5, a "dime" 10 and a
    "quarter" 25. Return the cents in the bank after all of `coins`.

    >>> piggy_bank_cents(["quarter", "dime", "penny", "penny"])
    37
    """
    worth = {"penny": 1, "nickel": 5, "dime": 10, "quarter": 25}
    return sum(worth[coin] for coin in coins)


@task(difficulty="easy", inputs=[["cat<<ow"], [""], ["<<<a"], ["ab<"], ["hello"], ["a<b<c<"], ["x<<y"]])
def text_after_typing(keys: str) -> str:
    """Type the characters of `keys` one by one and return the text typed. "<" is backspace: it deletes
    the last character typed so far (if any) instead of being typed.

    >>> text_after_typing("cat<<ow")
    'cow'
    """
    screen = []
    for key in keys:
        if key == "<":
            if screen:
                screen.pop()
        else:
            screen.append(key)
    return "".join(screen)


@task(difficulty="easy", inputs=[[10, 3], [0, 5], [9, 3], [1, 100], [100, 1], [7, 7]])
def frog_jumps(distance: int, jump: int) -> int:
    """A frog starts at 0 and each jump moves it `jump` units forward (jump > 0). Return how many jumps
    it needs to reach or pass `distance` (distance >= 0).

    >>> frog_jumps(10, 3)
    4
    """
    position, jumps = 0, 0
    while position < distance:
        position += jump
        jumps += 1
    return jumps


@task(difficulty="medium", inputs=[["RRL"], [""], ["L"], ["LL"], ["RRRR"], ["LLL"], ["RLRLR"]])
def facing_after_turns(turns: str) -> str:
    """A walker faces "N" (north). Each "L" in `turns` is a quarter turn left and each "R" a quarter
    turn right. Return the final direction: "N", "E", "S" or "W".

    >>> facing_after_turns("RRL")
    'E'
    """
    directions = "NESW"
    index = 0
    for turn in turns:
        if turn == "R":
            index = (index + 1) % 4
        else:
            index = (index - 1) % 4
    return directions[index]


@task(
    difficulty="medium",
    inputs=[
        [["join ann", "join bob", "next", "join cy"]],
        [[]],
        [["next"]],
        [["join a", "next", "next", "join b"]],
        [["join x", "join y", "join z"]],
        [["join al", "join bo", "next", "next"]],
    ],
)
def queue_after_events(events: list) -> list:
    """Run a waiting line: "join <name>" adds that name at the back, and "next" removes the name at the
    front (if any). Return the names left in line, front first.

    >>> queue_after_events(["join ann", "join bob", "next", "join cy"])
    ['bob', 'cy']
    """
    line = []
    for event in events:
        if event == "next":
            if line:
                line.pop(0)
        else:
            line.append(event[5:])
    return line


@task(difficulty="easy", inputs=[[10, [3, 4, 5, 1]], [10, []], [5, [5]], [5, [4]], [1, [0, 0, 1]], [20, [5, 5, 5, 5, 5]]])
def hits_to_defeat(health: int, hits: list) -> int:
    """A monster has `health` points (health > 0). Subtract the damage of each of `hits` in order and
    return how many hits bring its health to 0 or below, or -1 if it survives them all.

    >>> hits_to_defeat(10, [3, 4, 5, 1])
    3
    """
    for count, damage in enumerate(hits, 1):
        health -= damage
        if health <= 0:
            return count
    return -1


@task(difficulty="easy", inputs=[[4, [1, 3, 1, 0]], [3, []], [0, []], [1, [0, 0, 0]], [5, [4, 4, 2]], [2, [0, 1]]])
def toggle_lamps(count: int, presses: list) -> list:
    """`count` lamps, numbered from 0, start off (0). Each number in `presses` switches that lamp: off (0)
    becomes on (1) and on becomes off. Return the list of lamp states at the end.

    >>> toggle_lamps(4, [1, 3, 1, 0])
    [1, 0, 0, 1]
    """
    lamps = [0] * count
    for i in presses:
        lamps[i] = 1 - lamps[i]
    return lamps


@task(difficulty="medium", inputs=[[10, 3, 1], [1, 5, 0], [5, 5, 4], [6, 5, 4], [20, 2, 1], [100, 10, 0]])
def snail_climb_days(height: int, up: int, down: int) -> int:
    """A snail in a well `height` metres deep (height >= 1) climbs `up` metres each day and slides down
    `down` metres each night (up > down >= 0). Return the day (from 1) on which it reaches `height`.

    >>> snail_climb_days(10, 3, 1)
    5
    """
    position, day = 0, 0
    while True:
        day += 1
        position += up
        if position >= height:
            return day
        position -= down


@task(
    difficulty="easy",
    inputs=[[[70, 80, 60, 50], 200], [[], 100], [[101], 100], [[100], 100], [[50, 50, 1, 0], 100], [[10, 20, 30], 1000]],
)
def lift_boarding(weights: list, limit: int) -> int:
    """People with these `weights` step into a lift in order, stopping at the first one who would take
    the total weight above `limit`. Return how many people got in.

    >>> lift_boarding([70, 80, 60, 50], 200)
    2
    """
    total, count = 0, 0
    for weight in weights:
        if total + weight > limit:
            break
        total += weight
        count += 1
    return count


@task(difficulty="easy", inputs=[[0], [1], [2], [3], [4], [5], [7], [10], [100]])
def server_after_points(points: int) -> str:
    """Player "A" serves the first two points, "B" the next two, then "A" two again, and so on. After
    `points` points, return who serves next: "A" or "B".

    >>> server_after_points(5)
    'A'
    """
    if (points // 2) % 2 == 0:
        return "A"
    return "B"


@task(difficulty="easy", inputs=[["HHMH"], [""], ["MMM"], ["HHHH"], ["H"], ["HMHMH"], ["MHHHMHH"]])
def combo_points(shots: str) -> int:
    """Score `shots`, a string of "H" (hit) and "M" (miss). Hits in a row score 1, 2, 3, ... points; a
    miss scores 0 and the next hit starts again at 1. Return the total.

    >>> combo_points("HHMH")
    4
    """
    total, combo = 0, 0
    for shot in shots:
        if shot == "H":
            combo += 1
            total += combo
        else:
            combo = 0
    return total


@task(difficulty="medium", inputs=[[7, 3], [0, 2], [3, 5], [6, 3], [1, 1], [10, 4]])
def share_cookies(cookies: int, kids: int) -> list:
    """Hand out `cookies` one at a time to `kids` children (kids >= 1) in turn: child 0, child 1, ...,
    then child 0 again. Return how many cookies each child gets.

    >>> share_cookies(7, 3)
    [3, 2, 2]
    """
    counts = [0] * kids
    for i in range(cookies):
        counts[i % kids] += 1
    return counts


@task(
    difficulty="medium",
    inputs=[
        [[["start", 3], ["stop", 10], ["start", 12], ["stop", 15]]],
        [[]],
        [[["start", 5]]],
        [[["start", 0], ["stop", 0]]],
        [[["start", 1], ["stop", 4], ["start", 6]]],
        [[["start", 2], ["stop", 100]]],
    ],
)
def stopwatch_total(events: list) -> int:
    """`events` are [action, time] pairs in time order, alternating "start" and "stop" from "start".
    Return the total time between each "start" and the "stop" after it (a last unstopped "start" adds 0).

    >>> stopwatch_total([["start", 3], ["stop", 10], ["start", 12], ["stop", 15]])
    10
    """
    total, started = 0, None
    for action, time in events:
        if action == "start":
            started = time
        else:
            total += time - started
    return total


@task(difficulty="easy", inputs=[[10, 4], [0, 5], [8, 4], [3, 10], [1, 1], [12, 5]])
def daily_reading_plan(pages: int, per_day: int) -> list:
    """Read a book of `pages` pages at `per_day` pages a day (per_day > 0); the last day reads only what
    is left. Return the pages read on each day.

    >>> daily_reading_plan(10, 4)
    [4, 4, 2]
    """
    plan = []
    while pages > 0:
        today = min(per_day, pages)
        plan.append(today)
        pages -= today
    return plan
