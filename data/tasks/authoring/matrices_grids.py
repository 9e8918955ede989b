"""Task family `matrices_grids`: matrix algebra, traversal orders, grid search, board games and cellular grids.

A matrix is a list of equal-length rows (lists of numbers); a character grid is a list of equal-length
strings. Order matters: every fifth task (index % 5 == 4) is held out, and tasks were placed so that close
relatives (e.g. counting and listing coin combinations) share a split.
Written for codegen-rlhf; see data/README.md for provenance and license.
"""

from _task import task

FAMILY = "matrices_grids"


@task(
    difficulty="easy",
    inputs=[([[1, 2, 3], [4, 5, 6]],), ([],), ([[7]],), ([[1], [2], [3]],), ([[1, 2], [3, 4]],), ([[0, -1, 5, 9]],)],
)
def transpose_matrix(matrix: list[list[int]]) -> list[list[int]]:
    """Return the transpose: row i of the result is column i of matrix. The matrix may
    be rectangular; an empty matrix gives an empty list.

    >>> transpose_matrix([[1, 2, 3], [4, 5, 6]])
    [[1, 4], [2, 5], [3, 6]]
    >>> transpose_matrix([])
    []
    """
    if not matrix:
        return []
    return [[row[c] for row in matrix] for c in range(len(matrix[0]))]


@task(
    difficulty="easy",
    inputs=[
        ([[1, 2], [3, 4]],),
        ([],),
        ([[-7]],),
        ([[1, 0, 0], [0, 1, 0], [0, 0, 1]],),
        ([[5, 9, 9], [9, -2, 9], [9, 9, 10]],),
        ([[0, 1], [1, 0]],),
    ],
)
def matrix_trace(matrix: list[list[int]]) -> int:
    """Return the sum of the entries on the main diagonal (row index equal to column
    index) of a square matrix. The empty matrix has trace 0.

    >>> matrix_trace([[1, 2], [3, 4]])
    5
    >>> matrix_trace([])
    0
    """
    return sum(matrix[i][i] for i in range(len(matrix)))


@task(
    difficulty="easy",
    inputs=[
        ([[1, 2], [3, 4], [5, 6]],),
        ([[4, -4, 0]],),
        ([],),
        ([[1], [1], [1]],),
        ([[2, 3], [-2, -3]],),
        ([[10, 20, 30], [1, 2, 3]],),
    ],
)
def column_sums(matrix: list[list[int]]) -> list[int]:
    """Return a list with the sum of each column of the matrix, from left to right.
    An empty matrix gives an empty list.

    >>> column_sums([[1, 2], [3, 4], [5, 6]])
    [9, 12]
    >>> column_sums([[4, -4, 0]])
    [4, -4, 0]
    """
    if not matrix:
        return []
    return [sum(row[c] for row in matrix) for c in range(len(matrix[0]))]


@task(
    difficulty="easy",
    inputs=[
        ([[1, 2], [3, 4]], [[10, 20], [30, 40]]),
        ([[1, 2]], [[1], [2]]),
        ([], []),
        ([[1, 2, 3]], [[1, 2]]),
        ([[-1]], [[1]]),
        ([[1], [2]], [[3], [4]]),
        ([[1, 1]], [[1, 1], [1, 1]]),
    ],
)
def add_matrices(a: list[list[int]], b: list[list[int]]) -> list[list[int]]:
    """Add two matrices entry by entry. If they do not have the same number of rows and
    the same row lengths, return None.

    >>> add_matrices([[1, 2], [3, 4]], [[10, 20], [30, 40]])
    [[11, 22], [33, 44]]
    >>> add_matrices([[1, 2]], [[1], [2]]) is None
    True
    """
    if len(a) != len(b) or any(len(x) != len(y) for x, y in zip(a, b)):
        return None
    return [[x + y for x, y in zip(ra, rb)] for ra, rb in zip(a, b)]


@task(difficulty="easy", inputs=[(2,), (0,), (1,), (3,), (5,)])
def identity_matrix(n: int) -> list[list[int]]:
    """Return the n x n identity matrix: 1 on the main diagonal and 0 everywhere else.
    n = 0 gives an empty list.

    >>> identity_matrix(2)
    [[1, 0], [0, 1]]
    >>> identity_matrix(0)
    []
    """
    return [[1 if r == c else 0 for c in range(n)] for r in range(n)]


@task(
    difficulty="medium",
    inputs=[
        ([[1, 2], [3, 4]], [[5, 6], [7, 8]]),
        ([[1, 2, 3]], [[1], [1], [1]]),
        ([[1, 2]], [[1, 2]]),
        ([[2]], [[3]]),
        ([[1], [2]], [[3, 4]]),
        ([[1, 0], [0, 1]], [[9, -8], [7, 6]]),
        ([[1, -2, 3], [0, 4, -1]], [[2, 1], [0, -3], [5, 2]]),
    ],
)
def multiply_matrices(a: list[list[int]], b: list[list[int]]) -> list[list[int]]:
    """Return the matrix product a x b, where entry [i][j] is the sum over k of
    a[i][k] * b[k][j]. Both matrices are non-empty. If the number of columns of a differs
    from the number of rows of b, return None.

    >>> multiply_matrices([[2, 0], [1, 3]], [[4, 1], [2, 5]])
    [[8, 2], [10, 16]]
    >>> multiply_matrices([[1, 2, 3]], [[1], [1], [1]])
    [[6]]
    """
    if len(a[0]) != len(b):
        return None
    return [[sum(a[i][k] * b[k][j] for k in range(len(b))) for j in range(len(b[0]))]
            for i in range(len(a))]


@task(
    difficulty="easy",
    inputs=[
        ([[1, 2], [3, 4]],),
        ([[1, 2, 3]],),
        ([],),
        ([[5]],),
        ([[1], [2], [3]],),
        ([[1, 2, 3], [4, 5, 6], [7, 8, 9]],),
        ([[1, 2], [3, 4], [5, 6]],),
    ],
)
def rotate_clockwise(matrix: list[list[int]]) -> list[list[int]]:
    """Return the matrix turned 90 degrees clockwise: the first column, read from bottom
    to top, becomes the first row. Works for rectangular matrices; [] gives [].

    >>> rotate_clockwise([[1, 2], [3, 4]])
    [[3, 1], [4, 2]]
    >>> rotate_clockwise([[1, 2, 3]])
    [[1], [2], [3]]
    """
    return [list(row) for row in zip(*matrix[::-1])]


@task(
    difficulty="medium",
    inputs=[
        ([[1, 2, 3], [4, 5, 6], [7, 8, 9]],),
        ([],),
        ([[1]],),
        ([[1, 2, 3, 4]],),
        ([[1], [2], [3]],),
        ([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]],),
        ([[1, 2], [3, 4], [5, 6], [7, 8]],),
        ([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12], [13, 14, 15]],),
    ],
)
def spiral_order(matrix: list[list[int]]) -> list[int]:
    """Return all entries of the matrix in clockwise spiral order: along the top row left
    to right, down the right column, along the bottom row right to left, up the left
    column, then continue inwards the same way.

    >>> spiral_order([[2, 4, 6], [8, 10, 12], [14, 16, 18]])
    [2, 4, 6, 12, 18, 16, 14, 8, 10]
    >>> spiral_order([])
    []
    """
    result = []
    top, bottom = 0, len(matrix) - 1
    left, right = 0, (len(matrix[0]) - 1) if matrix else -1
    while top <= bottom and left <= right:
        for c in range(left, right + 1):
            result.append(matrix[top][c])
        for r in range(top + 1, bottom + 1):
            result.append(matrix[r][right])
        if top < bottom and left < right:
            for c in range(right - 1, left - 1, -1):
                result.append(matrix[bottom][c])
            for r in range(bottom - 1, top, -1):
                result.append(matrix[r][left])
        top, bottom, left, right = top + 1, bottom - 1, left + 1, right - 1
    return result


@task(difficulty="medium", inputs=[(3,), (1,), (0,), (2,), (4,), (6,)])
def spiral_fill(n: int) -> list[list[int]]:
    """Build an n x n matrix holding the numbers 1 to n*n placed in clockwise spiral order,
    starting at the top-left corner and moving right first. n = 0 gives [].

    >>> spiral_fill(3)
    [[1, 2, 3], [8, 9, 4], [7, 6, 5]]
    >>> spiral_fill(1)
    [[1]]
    """
    grid = [[0] * n for _ in range(n)]
    r = c = 0
    dr, dc = 0, 1
    for k in range(1, n * n + 1):
        grid[r][c] = k
        nr, nc = r + dr, c + dc
        if not (0 <= nr < n and 0 <= nc < n and grid[nr][nc] == 0):
            dr, dc = dc, -dr
            nr, nc = r + dr, c + dc
        r, c = nr, nc
    return grid


@task(
    difficulty="medium",
    inputs=[
        ([[9, 8, 7], [5, 3, 2], [6, 6, 7]],),
        ([[1, 2], [3, 4]],),
        ([],),
        ([[4]],),
        ([[2, 2], [2, 2]],),
        ([[1, 2, 3], [3, 1, 2], [2, 3, 1]],),
        ([[4, 5, 4], [3, 5, 5], [1, 5, 4]],),
        ([[8, 7, 9], [6, 7, 6], [3, 2, 5]],),
    ],
)
def saddle_points(matrix: list[list[int]]) -> list[list[int]]:
    """A saddle point is an entry that is greater than or equal to every entry in its row
    and less than or equal to every entry in its column. Return the [row, column] positions
    of all saddle points in row-major order.

    >>> saddle_points([[9, 8, 7], [5, 3, 2], [6, 6, 7]])
    [[1, 0]]
    >>> saddle_points([[1, 2], [3, 4]])
    [[0, 1]]
    """
    points = []
    for r, row in enumerate(matrix):
        for c, v in enumerate(row):
            if v == max(row) and v == min(other[c] for other in matrix):
                points.append([r, c])
    return points


@task(
    difficulty="medium",
    inputs=[
        ([[0, 1, 0], [0, 1, 0], [0, 1, 0]],),
        ([[1, 1], [1, 0]],),
        ([],),
        ([[1]],),
        ([[1, 1, 1], [1, 1, 1], [1, 1, 1]],),
        ([[0, 0, 0, 0], [0, 1, 1, 0], [0, 1, 1, 0], [0, 0, 0, 0]],),
        ([[0, 1, 0, 0], [0, 0, 1, 0], [1, 1, 1, 0], [0, 0, 0, 0]],),
        ([[1, 0, 1], [0, 0, 0], [1, 0, 1]],),
    ],
)
def life_step(grid: list[list[int]]) -> list[list[int]]:
    """Compute one generation of Conway's Game of Life on a finite grid of 0 (dead) and
    1 (alive); cells beyond the edge are always dead. Each cell looks at its 8 neighbours:
    a live cell with 2 or 3 live neighbours survives, a dead cell with exactly 3 becomes
    alive, and every other cell is dead in the next generation.

    >>> life_step([[0, 1, 0], [0, 1, 0], [0, 1, 0]])
    [[0, 0, 0], [1, 1, 1], [0, 0, 0]]
    >>> life_step([[1, 1], [1, 0]])
    [[1, 1], [1, 1]]
    """
    rows = len(grid)
    cols = len(grid[0]) if grid else 0
    nxt = []
    for r in range(rows):
        row = []
        for c in range(cols):
            alive = 0
            for dr in (-1, 0, 1):
                for dc in (-1, 0, 1):
                    if (dr or dc) and 0 <= r + dr < rows and 0 <= c + dc < cols:
                        alive += grid[r + dr][c + dc]
            if grid[r][c]:
                row.append(1 if alive in (2, 3) else 0)
            else:
                row.append(1 if alive == 3 else 0)
        nxt.append(row)
    return nxt


@task(
    difficulty="medium",
    inputs=[
        (["##..", "#..#", "...#"],),
        (["#.#", ".#."],),
        ([],),
        (["...."],),
        (["####", "####"],),
        (["#.#.#", "#####"],),
        (["#..", "...", "..#"],),
        (["##.##", "#...#", "#####"],),
    ],
)
def count_islands(grid: list[str]) -> int:
    """grid is a list of equal-length strings of "#" (land) and "." (water). Land cells that
    touch horizontally or vertically (not diagonally) belong to the same island. Return the
    number of islands.

    >>> count_islands(["##..", "#..#", "...#"])
    2
    >>> count_islands(["#.#", ".#."])
    3
    """
    rows = len(grid)
    cols = len(grid[0]) if grid else 0
    seen = set()
    islands = 0
    for r in range(rows):
        for c in range(cols):
            if grid[r][c] != "#" or (r, c) in seen:
                continue
            islands += 1
            stack = [(r, c)]
            seen.add((r, c))
            while stack:
                y, x = stack.pop()
                for ny, nx in ((y + 1, x), (y - 1, x), (y, x + 1), (y, x - 1)):
                    if 0 <= ny < rows and 0 <= nx < cols and grid[ny][nx] == "#" and (ny, nx) not in seen:
                        seen.add((ny, nx))
                        stack.append((ny, nx))
    return islands


@task(
    difficulty="medium",
    inputs=[
        ([[1, 1, 2], [3, 1, 2], [3, 3, 3]],),
        ([[5]],),
        ([],),
        ([[1, 2], [2, 1]],),
        ([[7, 7], [7, 7]],),
        ([[1, 2, 1, 1], [1, 2, 2, 1], [1, 1, 1, 1]],),
        ([[0, 1, 0, 1, 0]],),
        ([[1, 0, 1], [1, 1, 1]],),
    ],
)
def largest_same_value_region(grid: list[list[int]]) -> int:
    """Cells are connected when they are horizontal or vertical neighbours holding the same
    value. Return the number of cells in the largest connected group (0 for an empty grid).

    >>> largest_same_value_region([[1, 1, 2], [3, 1, 2], [3, 3, 3]])
    4
    >>> largest_same_value_region([[5]])
    1
    """
    rows = len(grid)
    cols = len(grid[0]) if grid else 0
    seen = set()
    best = 0
    for r in range(rows):
        for c in range(cols):
            if (r, c) in seen:
                continue
            value = grid[r][c]
            size = 0
            stack = [(r, c)]
            seen.add((r, c))
            while stack:
                y, x = stack.pop()
                size += 1
                for ny, nx in ((y + 1, x), (y - 1, x), (y, x + 1), (y, x - 1)):
                    if 0 <= ny < rows and 0 <= nx < cols and (ny, nx) not in seen and grid[ny][nx] == value:
                        seen.add((ny, nx))
                        stack.append((ny, nx))
            best = max(best, size)
    return best


@task(
    difficulty="medium",
    inputs=[
        ([[0, 0, 0], [0, 1, 0], [0, 0, 0]],),
        ([[1]],),
        ([[0]],),
        ([[0, 0], [0, 1]],),
        ([[0, 0, 0, 0]],),
        ([[0, 1], [1, 0]],),
        ([[0, 0, 0], [0, 0, 0], [0, 0, 0]],),
        ([[0, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1], [1, 0, 0, 0]],),
        ([[0] * 15 for _ in range(15)],),
        ([[0, 1, 0]],),
        ([[0], [1], [0]],),
    ],
)
def paths_around_blocks(grid: list[list[int]]) -> int:
    """grid cells are 0 (open) or 1 (blocked). Count the paths from the top-left cell to
    the bottom-right cell that only move right or down and never enter a blocked cell.
    If either corner is blocked there are no paths.

    >>> paths_around_blocks([[0, 0, 0], [0, 1, 0], [0, 0, 0]])
    2
    >>> paths_around_blocks([[1]])
    0
    """
    rows, cols = len(grid), len(grid[0])
    ways = [[0] * cols for _ in range(rows)]
    for r in range(rows):
        for c in range(cols):
            if grid[r][c] == 1:
                continue
            if r == 0 and c == 0:
                ways[r][c] = 1
                continue
            ways[r][c] = (ways[r - 1][c] if r > 0 else 0) + (ways[r][c - 1] if c > 0 else 0)
    return ways[rows - 1][cols - 1]


@task(
    difficulty="hard",
    inputs=[
        ([[1, 2], [3, 4]],),
        ([[2, 0, 0], [0, 3, 0], [0, 0, 4]],),
        ([],),
        ([[-7]],),
        ([[0, 1], [1, 0]],),
        ([[1, 2], [2, 4]],),
        ([[0, 2, 1], [3, 0, 1], [1, 1, 0]],),
        ([[6, 1, 1], [4, -2, 5], [2, 8, 7]],),
        ([[(r * c + r + 2 * c) % 7 - 3 for c in range(8)] for r in range(8)],),
        ([[2, -1, 0, 0], [-1, 2, -1, 0], [0, -1, 2, -1], [0, 0, -1, 2]],),
    ],
)
def integer_determinant(matrix: list[list[int]]) -> int:
    """Return the determinant of a square matrix of integers (at most 8 x 8) as an exact
    integer. The determinant of the empty 0 x 0 matrix is 1.

    >>> integer_determinant([[1, 2], [3, 4]])
    -2
    >>> integer_determinant([[2, 0, 0], [0, 3, 0], [0, 0, 4]])
    24
    """
    from fractions import Fraction
    n = len(matrix)
    m = [[Fraction(x) for x in row] for row in matrix]
    det = Fraction(1)
    for col in range(n):
        pivot = next((r for r in range(col, n) if m[r][col] != 0), None)
        if pivot is None:
            return 0
        if pivot != col:
            m[col], m[pivot] = m[pivot], m[col]
            det = -det
        det *= m[col][col]
        for r in range(col + 1, n):
            factor = m[r][col] / m[col][col]
            for c in range(col, n):
                m[r][c] -= factor * m[col][c]
    return int(det)


@task(
    difficulty="medium",
    inputs=[
        ([[1, 3, 1], [1, 5, 1], [4, 2, 1]],),
        ([[5]],),
        ([[1, 2, 3]],),
        ([[1], [2], [3]],),
        ([[1, -5], [2, 1]],),
        ([[0, 9, 9], [0, 0, 9], [9, 0, 0]],),
        ([[3, 1, 4], [1, 5, 9], [2, 6, 5], [3, 5, 8]],),
    ],
)
def min_path_sum(grid: list[list[int]]) -> int:
    """Moving only right or down from the top-left cell of a non-empty grid to its
    bottom-right cell, return the smallest possible sum of the numbers on the visited
    cells (both ends included). Numbers may be negative.

    >>> min_path_sum([[1, 3, 1], [1, 5, 1], [4, 2, 1]])
    7
    >>> min_path_sum([[5]])
    5
    """
    rows, cols = len(grid), len(grid[0])
    best = [[0] * cols for _ in range(rows)]
    for r in range(rows):
        for c in range(cols):
            if r == 0 and c == 0:
                best[r][c] = grid[r][c]
            elif r == 0:
                best[r][c] = best[r][c - 1] + grid[r][c]
            elif c == 0:
                best[r][c] = best[r - 1][c] + grid[r][c]
            else:
                best[r][c] = min(best[r - 1][c], best[r][c - 1]) + grid[r][c]
    return best[rows - 1][cols - 1]


@task(
    difficulty="hard",
    inputs=[
        (["S.#", "..#", "#.E"],),
        (["S#E"],),
        (["SE"],),
        (["S", ".", "E"],),
        (["S....", "####.", "E...."],),
        (["S.#..", ".##.#", "....E"],),
        (["E.#", "#.#", "S.."],),
        (["S..", "###", "..E"],),
    ],
)
def shortest_maze_path(maze: list[str]) -> int:
    """maze is a list of equal-length strings: "#" is a wall, "." is open floor, and
    exactly one "S" (start) and one "E" (exit) appear. Moving one cell up, down, left or
    right per step, never into walls or off the maze, return the fewest steps from S to E,
    or -1 if E cannot be reached.

    >>> shortest_maze_path(["S.#", "..#", "#.E"])
    4
    >>> shortest_maze_path(["S#E"])
    -1
    """
    from collections import deque
    rows, cols = len(maze), len(maze[0])
    start = next((r, c) for r in range(rows) for c in range(cols) if maze[r][c] == "S")
    dist = {start: 0}
    queue = deque([start])
    while queue:
        r, c = queue.popleft()
        if maze[r][c] == "E":
            return dist[(r, c)]
        for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
            if 0 <= nr < rows and 0 <= nc < cols and maze[nr][nc] != "#" and (nr, nc) not in dist:
                dist[(nr, nc)] = dist[(r, c)] + 1
                queue.append((nr, nc))
    return -1


@task(
    difficulty="medium",
    inputs=[
        ([[1, 1, 0], [1, 0, 0], [1, 1, 1]], 0, 0, 2),
        ([[3]], 0, 0, 3),
        ([[0, 0], [0, 0]], 1, 1, 5),
        ([[1, 0, 1], [0, 1, 0], [1, 0, 1]], 1, 1, 9),
        ([[1, 2, 2], [2, 2, 1], [1, 2, 1]], 0, 2, 0),
        ([[4, 4, 4, 4]], 0, 3, -1),
        ([[1, 1], [0, 1]], 0, 0, 1),
        ([[1, 0], [1, 0]], 0, 0, 5),
        ([[2, 0], [0, 0], [2, 0]], 0, 0, 7),
    ],
)
def flood_fill(image: list[list[int]], row: int, col: int, color: int) -> list[list[int]]:
    """Return a new image in which the cell at [row][col] and every cell connected to it
    through horizontal or vertical neighbours of the same original value are set to color.
    The input image must not be modified.

    >>> flood_fill([[1, 1, 0], [1, 0, 0], [1, 1, 1]], 0, 0, 2)
    [[2, 2, 0], [2, 0, 0], [2, 2, 2]]
    >>> flood_fill([[3]], 0, 0, 3)
    [[3]]
    """
    out = [list(r) for r in image]
    old = out[row][col]
    if old == color:
        return out
    stack = [(row, col)]
    while stack:
        r, c = stack.pop()
        if 0 <= r < len(out) and 0 <= c < len(out[0]) and out[r][c] == old:
            out[r][c] = color
            stack.extend([(r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)])
    return out


@task(
    difficulty="easy",
    inputs=[
        ([[2, 7, 6], [9, 5, 1], [4, 3, 8]],),
        ([[1, 2], [3, 4]],),
        ([[7]],),
        ([[1, 1], [1, 1]],),
        ([[2, 7, 6], [9, 5, 1], [4, 8, 3]],),
        ([[1, 2, 3], [3, 1, 2], [2, 3, 1]],),
        ([[16, 3, 2, 13], [5, 10, 11, 8], [9, 6, 7, 12], [4, 15, 14, 1]],),
        ([[0, 2, 1], [2, 1, 0], [1, 0, 2]],),
    ],
)
def is_magic_square(square: list[list[int]]) -> bool:
    """A non-empty n x n grid is magic when every row, every column and both main diagonals
    have the same sum. Decide whether square is magic.

    >>> is_magic_square([[2, 7, 6], [9, 5, 1], [4, 3, 8]])
    True
    >>> is_magic_square([[1, 2], [3, 4]])
    False
    """
    n = len(square)
    target = sum(square[0])
    sums = [sum(row) for row in square]
    sums += [sum(square[r][c] for r in range(n)) for c in range(n)]
    sums.append(sum(square[i][i] for i in range(n)))
    sums.append(sum(square[i][n - 1 - i] for i in range(n)))
    return all(s == target for s in sums)


@task(
    difficulty="easy",
    inputs=[
        ([[1, 2, 3], [4, 1, 2], [5, 4, 1]],),
        ([[1, 2], [2, 2]],),
        ([],),
        ([[9, 8, 7]],),
        ([[1], [2], [3]],),
        ([[1, 2, 3, 4], [5, 1, 2, 3], [9, 5, 1, 2]],),
        ([[1, 2, 3, 4], [5, 1, 2, 3], [9, 5, 1, 3]],),
        ([[7, 7], [7, 7]],),
    ],
)
def is_toeplitz(matrix: list[list[int]]) -> bool:
    """Return True when every diagonal running from top-left to bottom-right holds a single
    repeated value, i.e. matrix[r][c] == matrix[r - 1][c - 1] wherever both exist.

    >>> is_toeplitz([[1, 2, 3], [4, 1, 2], [5, 4, 1]])
    True
    >>> is_toeplitz([[1, 2], [2, 2]])
    False
    """
    for r in range(1, len(matrix)):
        for c in range(1, len(matrix[r])):
            if matrix[r][c] != matrix[r - 1][c - 1]:
                return False
    return True


@task(
    difficulty="medium",
    inputs=[
        ([[0] * 9 for _ in range(9)],),
        ([[5, 5] + [0] * 7] + [[0] * 9 for _ in range(8)],),
        ([[(r * 3 + r // 3 + c) % 9 + 1 for c in range(9)] for r in range(9)],),
        ([[7] + [0] * 8] + [[0] * 9 for _ in range(7)] + [[7] + [0] * 8],),
        ([[1] + [0] * 8, [0, 0, 1] + [0] * 6] + [[0] * 9 for _ in range(7)],),
        ([[1] + [0] * 8, [0, 0, 0, 1] + [0] * 5] + [[0] * 9 for _ in range(7)],),
        ([[0] * 9 for _ in range(4)] + [[0, 0, 0, 0, 4, 0, 0, 0, 0], [0, 0, 0, 0, 0, 4, 0, 0, 0]] + [[0] * 9 for _ in range(3)],),
        ([[(r * 3 + r // 3 + c) % 9 + 1 for c in range(9)] for r in range(8)] + [[9, 1, 2, 3, 4, 5, 6, 7, 9]],),
        ([[0] * 9, [0] * 9, [5] + [0] * 8, [0, 5] + [0] * 7] + [[0] * 9 for _ in range(5)],),
    ],
)
def sudoku_consistent(board: list[list[int]]) -> bool:
    """board is a 9 x 9 Sudoku grid of numbers 0-9 where 0 marks an empty cell. Return True
    when no row, no column and none of the nine 3 x 3 boxes contains the same non-zero
    number twice (the puzzle does not need to be solvable or complete).

    >>> sudoku_consistent([[0] * 9 for _ in range(9)])
    True
    >>> sudoku_consistent([[5, 5] + [0] * 7] + [[0] * 9 for _ in range(8)])
    False
    """
    seen = set()
    for r in range(9):
        for c in range(9):
            v = board[r][c]
            if v == 0:
                continue
            keys = [("row", r, v), ("col", c, v), ("box", r // 3, c // 3, v)]
            if any(k in seen for k in keys):
                return False
            seen.update(keys)
    return True


@task(
    difficulty="easy",
    inputs=[
        ([[1, 7], [7, 2]],),
        ([[1, 2, 3]],),
        ([],),
        ([[4]],),
        ([[1, 2], [3, 1]],),
        ([[1, 2, 3], [2, 5, 6], [3, 6, 9]],),
        ([[1, 2, 3], [2, 5, 6], [3, 0, 9]],),
        ([[1], [1]],),
    ],
)
def is_symmetric(matrix: list[list[int]]) -> bool:
    """Return True when the matrix is square and equal to its own transpose
    (matrix[r][c] == matrix[c][r] for all r, c). A non-square matrix is not symmetric.

    >>> is_symmetric([[1, 7], [7, 2]])
    True
    >>> is_symmetric([[1, 2, 3]])
    False
    """
    n = len(matrix)
    if any(len(row) != n for row in matrix):
        return False
    return all(matrix[r][c] == matrix[c][r] for r in range(n) for c in range(n))


@task(
    difficulty="easy",
    inputs=[
        ([[1, 1, 0], [0, 1, 0], [1, 0, 1]], 1, 1),
        ([[1, 1], [1, 1]], 0, 0),
        ([[1]], 0, 0),
        ([[1, 1, 1], [1, 0, 1], [1, 1, 1]], 1, 1),
        ([[0, 1, 1], [1, 1, 1], [0, 1, 1]], 2, 2),
        ([[1, 0, 1, 1], [1, 1, 0, 1]], 0, 3),
        ([[1, 1, 1], [1, 1, 1], [1, 1, 1]], 2, 0),
        ([[0, 0], [0, 0], [1, 1]], 0, 0),
    ],
)
def count_live_neighbors(grid: list[list[int]], row: int, col: int) -> int:
    """grid holds 0s and 1s. Count the 1s among the (up to 8) cells that touch the cell at
    [row][col] horizontally, vertically or diagonally, not counting the cell itself.

    >>> count_live_neighbors([[1, 1, 0], [0, 1, 0], [1, 0, 1]], 1, 1)
    4
    >>> count_live_neighbors([[1, 1], [1, 1]], 0, 0)
    3
    """
    total = 0
    for r in range(row - 1, row + 2):
        for c in range(col - 1, col + 2):
            if (r, c) != (row, col) and 0 <= r < len(grid) and 0 <= c < len(grid[0]):
                total += grid[r][c]
    return total


@task(
    difficulty="medium",
    inputs=[
        (["*..", "...", "..*"],),
        ([],),
        (["."],),
        (["*"],),
        (["***", "*.*", "***"],),
        ([".*.*."],),
        (["..", "..", "*."],),
        (["*.*.", "....", ".**."],),
    ],
)
def minesweeper_hints(board: list[str]) -> list[str]:
    """board is a list of equal-length strings where "*" is a mine and "." is a safe cell.
    Return the board with every safe cell replaced by the digit counting the mines among
    its (up to 8) touching cells, including "0"; mines stay "*".

    >>> minesweeper_hints(["*..", "...", "..*"])
    ['*10', '121', '01*']
    >>> minesweeper_hints([])
    []
    """
    rows = len(board)
    out = []
    for r in range(rows):
        line = []
        for c in range(len(board[r])):
            if board[r][c] == "*":
                line.append("*")
                continue
            mines = 0
            for nr in range(r - 1, r + 2):
                for nc in range(c - 1, c + 2):
                    if 0 <= nr < rows and 0 <= nc < len(board[nr]) and board[nr][nc] == "*":
                        mines += 1
            line.append(str(mines))
        out.append("".join(line))
    return out


@task(
    difficulty="hard",
    inputs=[
        ([[1, 2, 3], [4, 5, 6], [7, 8, 9]],),
        ([[1, 2], [3, 4], [5, 6]],),
        ([],),
        ([[5]],),
        ([[1, 2, 3, 4]],),
        ([[1], [2], [3]],),
        ([[1, 2, 3, 4], [5, 6, 7, 8]],),
        ([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16]],),
    ],
)
def diagonal_zigzag(matrix: list[list[int]]) -> list[int]:
    """Visit the anti-diagonals of the matrix (cells with equal row + column) in order of
    increasing row + column. Walk the first one (and every other one after it, i.e. those
    with even row + column) from bottom-left to top-right, and the odd ones from top-right
    to bottom-left. Return the values in visiting order.

    >>> diagonal_zigzag([[10, 20, 30], [40, 50, 60], [70, 80, 90]])
    [10, 20, 40, 70, 50, 30, 60, 80, 90]
    >>> diagonal_zigzag([[6, 5], [4, 3], [2, 1]])
    [6, 5, 4, 2, 3, 1]
    """
    if not matrix:
        return []
    rows, cols = len(matrix), len(matrix[0])
    out = []
    for s in range(rows + cols - 1):
        cells = [(r, s - r) for r in range(rows) if 0 <= s - r < cols]
        if s % 2 == 0:
            cells.reverse()
        out.extend(matrix[r][c] for r, c in cells)
    return out


@task(
    difficulty="medium",
    inputs=[
        ([[1, 4, 7], [2, 5, 8], [3, 6, 9]], 5),
        ([[1, 4, 7], [2, 5, 8], [3, 6, 9]], 10),
        ([], 1),
        ([[3]], 3),
        ([[1, 4, 7], [2, 5, 8], [3, 6, 9]], 0),
        ([[1, 4, 7], [2, 5, 8], [3, 6, 9]], 3),
        ([[1, 4, 7], [2, 5, 8], [3, 6, 9]], 7),
        ([[1, 3, 5, 7], [10, 11, 16, 20], [23, 30, 34, 60]], 13),
        ([[1, 3, 5, 7], [10, 11, 16, 20], [23, 30, 34, 60]], 60),
    ],
)
def search_sorted_grid(matrix: list[list[int]], target: int) -> bool:
    """Every row of matrix increases from left to right and every column increases from
    top to bottom. Decide whether target occurs in it, ideally in O(rows + columns) steps
    by starting from a corner.

    >>> search_sorted_grid([[1, 4, 7], [2, 5, 8], [3, 6, 9]], 5)
    True
    >>> search_sorted_grid([[1, 4, 7], [2, 5, 8], [3, 6, 9]], 10)
    False
    """
    if not matrix:
        return False
    r, c = 0, len(matrix[0]) - 1
    while r < len(matrix) and c >= 0:
        v = matrix[r][c]
        if v == target:
            return True
        if v > target:
            c -= 1
        else:
            r += 1
    return False


@task(
    difficulty="easy",
    inputs=[
        ([[1, 2, 3], [4, 5, 6], [7, 8, 9]], 0, 1, 1, 2),
        ([[1, 2, 3], [4, 5, 6], [7, 8, 9]], 2, 0, 2, 0),
        ([[1, 2, 3], [4, 5, 6], [7, 8, 9]], 0, 0, 2, 2),
        ([[-1, 2], [3, -4]], 0, 0, 1, 1),
        ([[5]], 0, 0, 0, 0),
        ([[1, 2, 3], [4, 5, 6], [7, 8, 9]], 1, 1, 2, 1),
    ],
)
def region_sum(matrix: list[list[int]], top: int, left: int, bottom: int, right: int) -> int:
    """Return the sum of the entries matrix[r][c] with top <= r <= bottom and
    left <= c <= right (all four bounds are valid indexes, top <= bottom, left <= right).

    >>> region_sum([[3, 0, 1], [2, 7, 5], [4, 1, 6]], 0, 1, 1, 2)
    13
    >>> region_sum([[3, 0, 1], [2, 7, 5], [4, 1, 6]], 2, 0, 2, 0)
    4
    """
    return sum(matrix[r][c] for r in range(top, bottom + 1) for c in range(left, right + 1))


@task(
    difficulty="hard",
    inputs=[
        ([[2, 1, 1], [1, 1, 0], [0, 1, 1]],),
        ([[2, 0, 1]],),
        ([[0, 2]],),
        ([],),
        ([[1]],),
        ([[2, 1, 1, 1, 1]],),
        ([[1, 1, 1], [1, 2, 1], [1, 1, 1]],),
        ([[2, 1, 0, 2], [1, 0, 1, 1], [1, 1, 0, 1]],),
        ([[2, 2], [1, 1], [0, 1]],),
    ],
)
def minutes_until_all_rotten(grid: list[list[int]]) -> int:
    """Cells hold 0 (empty), 1 (fresh fruit) or 2 (rotten fruit). Every minute, each fresh
    fruit that is a horizontal or vertical neighbour of a rotten one becomes rotten. Return
    the number of minutes until no fresh fruit is left, or -1 if some fruit never rots.
    With no fresh fruit at the start the answer is 0.

    >>> minutes_until_all_rotten([[2, 1, 1], [1, 1, 0], [0, 1, 1]])
    4
    >>> minutes_until_all_rotten([[2, 0, 1]])
    -1
    """
    rows = len(grid)
    cols = len(grid[0]) if grid else 0
    rotten = [(r, c) for r in range(rows) for c in range(cols) if grid[r][c] == 2]
    fresh = sum(row.count(1) for row in grid)
    state = [list(row) for row in grid]
    minutes = 0
    while fresh and rotten:
        nxt = []
        for r, c in rotten:
            for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
                if 0 <= nr < rows and 0 <= nc < cols and state[nr][nc] == 1:
                    state[nr][nc] = 2
                    fresh -= 1
                    nxt.append((nr, nc))
        rotten = nxt
        minutes += 1
    return minutes if fresh == 0 else -1


@task(
    difficulty="medium",
    inputs=[
        ([[1, 2], [3, 4]], 1, 4),
        ([[1, 2], [3, 4]], 3, 2),
        ([[1, 2, 3, 4, 5, 6]], 3, 2),
        ([[1, 2, 3], [4, 5, 6]], 3, 2),
        ([[1], [2], [3], [4]], 2, 2),
        ([[1, 2], [3, 4]], 4, 1),
        ([[7, 8]], 1, 2),
    ],
)
def reshape_matrix(matrix: list[list[int]], rows: int, cols: int) -> list[list[int]]:
    """Read the entries of matrix row by row and refill them, in the same order, into a new
    matrix with the given number of rows and columns. If the entry count does not equal
    rows * cols, return the original matrix unchanged.

    >>> reshape_matrix([[1, 2], [3, 4]], 1, 4)
    [[1, 2, 3, 4]]
    >>> reshape_matrix([[1, 2], [3, 4]], 3, 2)
    [[1, 2], [3, 4]]
    """
    flat = [v for row in matrix for v in row]
    if len(flat) != rows * cols:
        return matrix
    return [flat[r * cols:(r + 1) * cols] for r in range(rows)]


@task(
    difficulty="hard",
    inputs=[
        ([[1, 0, 1, 0], [1, 1, 1, 1], [1, 1, 1, 1], [0, 1, 1, 1]],),
        ([[0, 0]],),
        ([],),
        ([[1]],),
        ([[1, 1], [1, 1]],),
        ([[1, 1, 1], [1, 1, 0], [1, 1, 1]],),
        ([[0, 1, 1], [1, 1, 1], [1, 1, 1]],),
        ([[1, 1, 0, 1], [1, 1, 1, 1], [0, 1, 1, 1], [1, 1, 1, 1]],),
        ([[1] * 30 for _ in range(30)],),
    ],
)
def largest_square_of_ones(grid: list[list[int]]) -> int:
    """grid holds 0s and 1s. Return the side length of the largest square block (aligned
    with the grid) made entirely of 1s; 0 when there is no 1 at all.

    >>> largest_square_of_ones([[1, 0, 1, 0], [1, 1, 1, 1], [1, 1, 1, 1], [0, 1, 1, 1]])
    3
    >>> largest_square_of_ones([[0, 0]])
    0
    """
    best = 0
    prev = []
    for r, row in enumerate(grid):
        cur = []
        for c, v in enumerate(row):
            if v == 0:
                cur.append(0)
            elif r == 0 or c == 0:
                cur.append(1)
            else:
                cur.append(1 + min(prev[c], prev[c - 1], cur[c - 1]))
            best = max(best, cur[c])
        prev = cur
    return best


@task(
    difficulty="medium",
    inputs=[
        ([[1, 2, 3], [4, 5, 6], [7, 8, 9]],),
        ([[1, 2, 3]],),
        ([],),
        ([[1], [2], [3]],),
        ([[1, 2], [3, 4]],),
        ([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16]],),
        ([[1, 2], [3, 4], [5, 6], [7, 8]],),
        ([[5]],),
    ],
)
def border_clockwise(matrix: list[list[int]]) -> list[int]:
    """Return the entries on the outer border of the matrix, each once, going clockwise
    from the top-left corner: the top row, the right column downwards, the bottom row
    right to left, then the left column upwards.

    >>> border_clockwise([[2, 4, 6], [8, 10, 12], [14, 16, 18]])
    [2, 4, 6, 12, 18, 16, 14, 8]
    >>> border_clockwise([[1, 2, 3]])
    [1, 2, 3]
    """
    if not matrix:
        return []
    rows, cols = len(matrix), len(matrix[0])
    out = list(matrix[0])
    out += [matrix[r][cols - 1] for r in range(1, rows)]
    if rows > 1:
        out += [matrix[rows - 1][c] for c in range(cols - 2, -1, -1)]
    if cols > 1:
        out += [matrix[r][0] for r in range(rows - 2, 0, -1)]
    return out


@task(
    difficulty="hard",
    inputs=[
        (["ABCE", "SFCS", "ADEE"], "ABCCED"),
        (["ABCE", "SFCS", "ADEE"], "ABCB"),
        (["ABCE", "SFCS", "ADEE"], ""),
        ([], "A"),
        (["A"], "A"),
        (["A"], "AA"),
        (["AB", "CD"], "ABDC"),
        (["AB", "CD"], "AD"),
        (["ABCE", "SFCS", "ADEE"], "SEE"),
        (["AAA", "AAA"], "AAAAAAA"),
        (["DC", "AB"], "ABCD"),
    ],
)
def word_in_grid(grid: list[str], word: str) -> bool:
    """grid is a list of equal-length strings of letters. Decide whether word can be traced
    through a sequence of horizontally or vertically adjacent cells, using each cell at most
    once. The empty word is always found.

    >>> word_in_grid(["ABCE", "SFCS", "ADEE"], "ABCCED")
    True
    >>> word_in_grid(["ABCE", "SFCS", "ADEE"], "ABCB")
    False
    """
    if not word:
        return True
    rows = len(grid)
    cols = len(grid[0]) if grid else 0
    used = set()

    def trace(r, c, i):
        if not (0 <= r < rows and 0 <= c < cols) or (r, c) in used or grid[r][c] != word[i]:
            return False
        if i == len(word) - 1:
            return True
        used.add((r, c))
        found = any(trace(nr, nc, i + 1) for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)))
        used.discard((r, c))
        return found

    return any(trace(r, c, 0) for r in range(rows) for c in range(cols))


@task(
    difficulty="hard",
    inputs=[
        (8, [0, 0], [7, 7]),
        (3, [0, 0], [1, 1]),
        (5, [2, 2], [2, 2]),
        (8, [0, 0], [1, 2]),
        (8, [0, 0], [1, 1]),
        (2, [0, 0], [1, 1]),
        (4, [0, 0], [3, 3]),
        (30, [0, 0], [29, 28]),
        (8, [3, 3], [4, 3]),
        (8, [7, 7], [0, 0]),
        (8, [2, 2], [0, 4]),
        (8, [4, 2], [3, 0]),
    ],
)
def knight_distance(n: int, start: list[int], goal: list[int]) -> int:
    """On an n x n chessboard (squares [row, col] with 0 <= row, col < n), return the
    smallest number of knight moves (two squares in one direction and one square
    perpendicular) from start to goal, or -1 if goal cannot be reached.

    >>> knight_distance(8, [0, 0], [7, 7])
    6
    >>> knight_distance(3, [0, 0], [1, 1])
    -1
    """
    from collections import deque
    start, goal = tuple(start), tuple(goal)
    dist = {start: 0}
    queue = deque([start])
    jumps = [(1, 2), (2, 1), (-1, 2), (-2, 1), (1, -2), (2, -1), (-1, -2), (-2, -1)]
    while queue:
        cell = queue.popleft()
        if cell == goal:
            return dist[cell]
        for dr, dc in jumps:
            nxt = (cell[0] + dr, cell[1] + dc)
            if 0 <= nxt[0] < n and 0 <= nxt[1] < n and nxt not in dist:
                dist[nxt] = dist[cell] + 1
                queue.append(nxt)
    return -1


@task(
    difficulty="easy",
    inputs=[
        ([[0, 1, 0], [1, 1, 0], [1, 0, 1]],),
        ([],),
        ([[0, 0]],),
        ([[0], [1], [1]],),
        ([[1, 1], [0, 0], [1, 1]],),
        ([[0, 0, 0], [0, 0, 1], [1, 1, 1]],),
        ([[1, 0], [0, 1]],),
    ],
)
def row_with_most_ones(matrix: list[list[int]]) -> int:
    """matrix holds 0s and 1s. Return the index of the row containing the most 1s; on a
    tie return the smallest such index. Return -1 for a matrix with no rows.

    >>> row_with_most_ones([[0, 1, 0], [1, 1, 0], [1, 0, 1]])
    1
    >>> row_with_most_ones([])
    -1
    """
    best, best_count = -1, -1
    for i, row in enumerate(matrix):
        count = sum(row)
        if count > best_count:
            best, best_count = i, count
    return best


@task(
    difficulty="medium",
    inputs=[
        (["XOX", "OXO", "OXX"],),
        (["XO.", "...", "..."],),
        (["XOX", "XOO", "OXX"],),
        (["OOO", "XX.", "X.."],),
        (["X.O", "X.O", ".XO"],),
        (["..X", ".X.", "XOO"],),
        (["XOX", "XOO", "OXO"],),
        (["...", "...", "..."],),
        (["X..", "XO.", "XO."],),
        (["O..", "XOX", "X.O"],),
        (["OO.", "X.O", "XXX"],),
    ],
)
def tic_tac_toe_result(board: list[str]) -> str:
    """board is three strings of three characters each, "X", "O" or "." for empty.
    Return "X" or "O" if that player has three in a row (horizontally, vertically or
    diagonally), otherwise "draw" if the board is full, otherwise "pending". You may
    assume at most one player has a line.

    >>> tic_tac_toe_result(["XOX", "OXO", "OXX"])
    'X'
    >>> tic_tac_toe_result(["XO.", "...", "..."])
    'pending'
    """
    lines = [board[r] for r in range(3)]
    lines += ["".join(board[r][c] for r in range(3)) for c in range(3)]
    lines.append("".join(board[i][i] for i in range(3)))
    lines.append("".join(board[i][2 - i] for i in range(3)))
    for player in "XO":
        if player * 3 in lines:
            return player
    if any("." in row for row in board):
        return "pending"
    return "draw"


@task(
    difficulty="medium",
    inputs=[
        ([[0, 1, 0], [1, 1, 1], [0, 1, 0]],),
        ([[1]],),
        ([],),
        ([[0, 0], [0, 0]],),
        ([[1, 1], [1, 1]],),
        ([[1, 0, 1]],),
        ([[1, 1, 0], [0, 1, 1], [0, 0, 1]],),
        ([[0, 1, 0, 0], [1, 1, 1, 0], [0, 1, 0, 0], [1, 1, 0, 0]],),
    ],
)
def island_perimeter(grid: list[list[int]]) -> int:
    """grid holds 1 for land and 0 for water; each cell is a unit square. Return the total
    length of the boundary between land and water, where everything outside the grid is
    water.

    >>> island_perimeter([[0, 1, 0], [1, 1, 1], [0, 1, 0]])
    12
    >>> island_perimeter([[1]])
    4
    """
    rows = len(grid)
    cols = len(grid[0]) if grid else 0
    perimeter = 0
    for r in range(rows):
        for c in range(cols):
            if grid[r][c] != 1:
                continue
            for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
                if not (0 <= nr < rows and 0 <= nc < cols) or grid[nr][nc] == 0:
                    perimeter += 1
    return perimeter


@task(
    difficulty="medium",
    inputs=[([[0, 5], [7, 0]],), ([[0, 0]],), ([],), ([[-1]],), ([[1, 2, 3]],), ([[0] * 12, [0] * 11 + [4]],)],
)
def to_sparse(matrix: list[list[int]]) -> dict:
    """Describe the non-zero entries of matrix as a dict whose keys are strings
    "row,col" (no spaces) and whose values are the entries. Zero entries are left out.

    >>> to_sparse([[0, 5], [7, 0]])
    {'0,1': 5, '1,0': 7}
    >>> to_sparse([[0, 0]])
    {}
    """
    return {f"{r},{c}": v for r, row in enumerate(matrix) for c, v in enumerate(row) if v != 0}


@task(
    difficulty="hard",
    inputs=[
        ([[1, 1], [1, 0]], 5),
        ([[2, 0], [0, 3]], 0),
        ([[7]], 3),
        ([[1, 1], [1, 0]], 1),
        ([[0, 1], [1, 0]], 7),
        ([[1, 2], [3, 4]], 2),
        ([[1, 1, 0], [0, 1, 1], [0, 0, 1]], 6),
        ([[0, 1], [-1, 0]], 10 ** 6 + 1),
        ([[1, 1], [0, 1]], 10 ** 6),
    ],
)
def matrix_power(matrix: list[list[int]], exponent: int) -> list[list[int]]:
    """Raise a non-empty square integer matrix to a non-negative integer power by repeated
    squaring (the exponent can be as large as 10**6, so multiplying one step at a time is
    too slow). The power 0 is the identity matrix.

    >>> matrix_power([[1, 1], [1, 0]], 5)
    [[8, 5], [5, 3]]
    >>> matrix_power([[2, 0], [0, 3]], 0)
    [[1, 0], [0, 1]]
    """
    n = len(matrix)

    def mul(a, b):
        return [[sum(a[i][k] * b[k][j] for k in range(n)) for j in range(n)] for i in range(n)]

    result = [[1 if i == j else 0 for j in range(n)] for i in range(n)]
    base = [list(row) for row in matrix]
    while exponent:
        if exponent & 1:
            result = mul(result, base)
        base = mul(base, base)
        exponent >>= 1
    return result


@task(
    difficulty="medium",
    inputs=[
        ([[1, 1, 1], [1, 0, 1], [1, 1, 1]],),
        ([[9]],),
        ([[10, 20, 30]],),
        ([[100, 200], [150, 250]],),
        ([[0, 0, 0], [0, 90, 0], [0, 0, 0]],),
        ([[5], [10], [20]],),
        ([[255, 0, 255, 0], [0, 255, 0, 255], [255, 0, 255, 0]],),
    ],
)
def box_blur(image: list[list[int]]) -> list[list[int]]:
    """Return a blurred copy of a non-empty grayscale image: each pixel becomes the average
    of itself and its touching neighbours (up to 8, only those inside the image), rounded
    down to an integer.

    >>> box_blur([[1, 1, 1], [1, 0, 1], [1, 1, 1]])
    [[0, 0, 0], [0, 0, 0], [0, 0, 0]]
    >>> box_blur([[9]])
    [[9]]
    """
    rows, cols = len(image), len(image[0])
    out = []
    for r in range(rows):
        row = []
        for c in range(cols):
            total = count = 0
            for nr in range(r - 1, r + 2):
                for nc in range(c - 1, c + 2):
                    if 0 <= nr < rows and 0 <= nc < cols:
                        total += image[nr][nc]
                        count += 1
            row.append(total // count)
        out.append(row)
    return out


@task(
    difficulty="hard",
    inputs=[
        (["....", "R...", "RYY.", "RYY.", "RYYR"],),
        (["RRR.", "YYY."],),
        ([],),
        (["YYYY"],),
        (["R...", ".R..", "..R.", "...R"],),
        (["...Y", "..Y.", ".Y..", "Y..."],),
        (["RYRY", "YRYR", "RYRY", "YRYR"],),
        (["..Y..", ".YR..", "YRR..", "RRRY."],),
        (["R", "R", "R", "Y"],),
        (["......", "..Y...", ".YR...", "YRRR.."],),
        (["..R..", ".R...", "R....", "....R"],),
    ],
)
def connect_four_winner(board: list[str]) -> str:
    """board lists the rows of a Connect Four grid as equal-length strings of "R", "Y" and
    "." (empty). Return "R" or "Y" if that color has four pieces in a line horizontally,
    vertically or along either diagonal, or None if nobody has. You may assume at most one
    color has such a line.

    >>> connect_four_winner(["....", "R...", "RYY.", "RYY.", "RYYR"])
    'R'
    >>> connect_four_winner(["RRR.", "YYY."]) is None
    True
    """
    rows = len(board)
    cols = len(board[0]) if board else 0
    for r in range(rows):
        for c in range(cols):
            piece = board[r][c]
            if piece == ".":
                continue
            for dr, dc in ((0, 1), (1, 0), (1, 1), (1, -1)):
                end_r, end_c = r + 3 * dr, c + 3 * dc
                if 0 <= end_r < rows and 0 <= end_c < cols and all(board[r + k * dr][c + k * dc] == piece for k in range(4)):
                    return piece
    return None


@task(
    difficulty="easy",
    inputs=[([[1, 1, 0], [1, 0, 1]],), ([],), ([[0]],), ([[1, 0, 0, 0]],), ([[1], [0]],), ([[0, 1], [1, 1]],)],
)
def flip_and_invert(image: list[list[int]]) -> list[list[int]]:
    """image holds 0s and 1s. Mirror every row left to right, then turn every 0 into 1 and
    every 1 into 0. Return the new image.

    >>> flip_and_invert([[1, 1, 0], [1, 0, 1]])
    [[1, 0, 0], [0, 1, 0]]
    >>> flip_and_invert([])
    []
    """
    return [[1 - v for v in reversed(row)] for row in image]
