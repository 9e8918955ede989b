"""Starter tier of the task family `matrices_grids`: reading and building small lists of lists.

A matrix or grid is a list of rows, each row a list; one comprehension or a double loop does each task. The
suite's `matrices_grids` family holds the algebra, traversals and searches. Every fourth task
(index % 4 == 3) is held out.
Written for codegen-rlhf (original wording, Apache-2.0). Built by build.py into
codegen_rlhf/data/tasks/starter_matrices_grids.jsonl.
"""

from _task import task

FAMILY = "matrices_grids"
TIER = "starter"


@task(
    difficulty="easy",
    inputs=[[[[1, 2, 3], [4, 5, 6]]], [[]], [[[]]], [[[5]]], [[[-1, 1], [2, 2], [0, 0]]], [[[1.5, 2.5], [0.25, 0]]]],
)
def row_sums(matrix: list) -> list:
    """Add up the numbers in each row of `matrix` and return these totals in row order. A matrix with
    no rows gives [].

    >>> row_sums([[1, 2, 3], [4, 5, 6]])
    [6, 15]
    """
    return [sum(row) for row in matrix]


@task(difficulty="easy", inputs=[[[[1, 2], [3, 4]]], [[]], [[[], []]], [[[7]]], [[[-1, -2], [3]]], [[[0, 0, 0], [0, 0, 1]]]])
def grid_total(grid: list) -> int:
    """Return the sum of every number in `grid`, a list of rows of numbers; an empty grid gives 0.

    >>> grid_total([[1, 2], [3, 4]])
    10
    """
    return sum(sum(row) for row in grid)


@task(difficulty="easy", inputs=[[[[1, 2, 3], [4, 5, 6]]], [[]], [[[1]]], [[[]]], [[[1], [2], [3]]], [[[1, 2, 3, 4]]]])
def matrix_shape(matrix: list) -> list:
    """Return [number of rows, number of columns] for `matrix`, whose rows all have the same length. A
    matrix with no rows has shape [0, 0].

    >>> matrix_shape([[1, 2, 3], [4, 5, 6]])
    [2, 3]
    """
    if not matrix:
        return [0, 0]
    return [len(matrix), len(matrix[0])]


@task(
    difficulty="easy",
    inputs=[[[[1, 2], [3, 4]], 3], [[], 5], [[[1, -1]], 0], [[[2]], -2], [[[1, 2, 3], [4, 5, 6]], 1], [[[0.5]], 4]],
)
def scale_matrix(matrix: list, factor: int) -> list:
    """Return a new matrix in which every entry of `matrix` is multiplied by `factor`.

    >>> scale_matrix([[1, 2], [3, 4]], 3)
    [[3, 6], [9, 12]]
    """
    return [[x * factor for x in row] for row in matrix]


@task(
    difficulty="easy",
    inputs=[
        [[[1, 2], [3, 4]], 1, 0, -1],
        [[[1, 2], [3, 4]], 2, 0, -1],
        [[[1, 2], [3, 4]], 0, 2, 0],
        [[[1, 2], [3, 4]], -1, 0, 9],
        [[[1, 2], [3, 4]], 0, -1, 7],
        [[], 0, 0, None],
        [[[5]], 0, 0, 0],
    ],
)
def cell_or_default(grid: list, row: int, col: int, default):
    """Return grid[row][col], or `default` when that cell is outside the grid (negative indexes count
    as outside).

    >>> cell_or_default([[1, 2], [3, 4]], 1, 0, -1)
    3
    """
    if 0 <= row < len(grid) and 0 <= col < len(grid[row]):
        return grid[row][col]
    return default


@task(
    difficulty="easy",
    inputs=[
        [[[1, 0, 1], [0, 1, 1]], 1],
        [[], 3],
        [[[2, 2], [2, 2]], 2],
        [[["a", "b"], ["b", "b"]], "b"],
        [[[1]], 0],
        [[[0, 0], [1]], 0],
    ],
)
def count_in_grid(grid: list, value) -> int:
    """Count the cells of `grid`, a list of rows, that are equal to `value`.

    >>> count_in_grid([[1, 0, 1], [0, 1, 1]], 1)
    4
    """
    return sum(row.count(value) for row in grid)


@task(difficulty="easy", inputs=[[[[3, 8], [9, 1]]], [[[-5]]], [[[-3, -1], [-7, -2]]], [[[1, 1], [1, 1]]], [[[0], [10], [5]]], [[[4, 5, 6]]]])
def grid_maximum(grid: list) -> int:
    """Return the largest number in `grid`, a list of rows; the grid has at least one row and every row
    at least one number.

    >>> grid_maximum([[3, 8], [9, 1]])
    9
    """
    return max(x for row in grid for x in row)


@task(
    difficulty="easy",
    inputs=[[[["#", "."], [".", "#"]]], [[]], [[[]]], [[["a", "b", "c"]]], [[["x"], ["y"], ["z"]]], [[[" ", "*"]]]],
)
def rows_as_strings(grid: list) -> list:
    """`grid` is a list of rows whose cells are one-character strings. Join the characters of each row
    into one string, and return these strings in row order.

    >>> rows_as_strings([["#", "."], [".", "#"]])
    ['#.', '.#']
    """
    return ["".join(row) for row in grid]


@task(
    difficulty="easy",
    inputs=[
        [[[1, 2, 3], [4, 5, 6], [7, 8, 9]]],
        [[]],
        [[[4]]],
        [[[1, 2], [3, 4]]],
        [[[1, 0, 0, 2], [0, 3, 4, 0], [0, 5, 6, 0], [7, 0, 0, 8]]],
    ],
)
def anti_diagonal(matrix: list) -> list:
    """Return the entries of the square `matrix` that lie on the line from its top-right corner to its
    bottom-left corner, from top to bottom.

    >>> anti_diagonal([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    [3, 5, 7]
    """
    n = len(matrix)
    return [matrix[i][n - 1 - i] for i in range(n)]


@task(
    difficulty="easy",
    inputs=[[[[1, 2], [3, 4], [5, 6]]], [[]], [[[1]]], [[[1, 2, 3], [4, 5, 6]]], [[[0], [1], [2], [3], [4]]]],
)
def flip_upside_down(matrix: list) -> list:
    """Return the rows of `matrix` in reverse order, so that the bottom row comes first; the rows
    themselves are not changed.

    >>> flip_upside_down([[1, 2], [3, 4], [5, 6]])
    [[5, 6], [3, 4], [1, 2]]
    """
    return matrix[::-1]


@task(
    difficulty="easy",
    inputs=[
        [[[1, 2], [3, 4], [5, 6]], 1],
        [[[1, 2], [3, 4]], 0],
        [[], 0],
        [[[7, 8, 9]], 2],
        [[["a"], ["b"]], 0],
        [[[1, 2, 3], [4, 5, 6]], 1],
    ],
)
def column_at(matrix: list, col: int) -> list:
    """Return column number `col` of `matrix` (columns counted from 0) as a list, from top to bottom.

    >>> column_at([[1, 2], [3, 4], [5, 6]], 1)
    [2, 4, 6]
    """
    return [row[col] for row in matrix]


@task(difficulty="easy", inputs=[[2, 3, 0], [0, 4, 1], [3, 0, 1], [1, 1, "x"], [2, 2, None], [3, 1, 7]])
def filled_grid(rows: int, cols: int, value) -> list:
    """Build a grid with `rows` rows of `cols` cells each, every cell holding `value`. With 0 rows the
    result is [].

    >>> filled_grid(2, 3, 0)
    [[0, 0, 0], [0, 0, 0]]
    """
    return [[value] * cols for _ in range(rows)]


@task(
    difficulty="medium",
    inputs=[
        [[[1, 2, 3], [4, 5, 6], [7, 8, 9]], 0, 1],
        [[[1, 2, 3], [4, 5, 6], [7, 8, 9]], 1, 1],
        [[[7]], 0, 0],
        [[[1, 2], [3, 4]], 1, 1],
        [[[1, 2, 3]], 0, 2],
        [[[1], [2], [3]], 2, 0],
    ],
)
def four_neighbors(grid: list, row: int, col: int) -> list:
    """Return the values above, below, left of and right of grid[row][col], in that order, skipping
    the cells that are outside the grid.

    >>> four_neighbors([[1, 2, 3], [4, 5, 6], [7, 8, 9]], 0, 1)
    [5, 1, 3]
    """
    result = []
    for dr, dc in [(-1, 0), (1, 0), (0, -1), (0, 1)]:
        r, c = row + dr, col + dc
        if 0 <= r < len(grid) and 0 <= c < len(grid[0]):
            result.append(grid[r][c])
    return result


@task(
    difficulty="easy",
    inputs=[[[[1, 2], [3, 4]]], [[[1, 2, 3], [4, 5, 6]]], [[[1]]], [[[]]], [[[1], [2]]], [[[0, 0, 0]] * 3]],
)
def is_square_matrix(matrix: list) -> bool:
    """True when `matrix` has as many columns as rows. It has at least one row, and all its rows have
    the same length.

    >>> is_square_matrix([[1, 2], [3, 4]])
    True
    """
    return len(matrix[0]) == len(matrix)


@task(difficulty="medium", inputs=[[3], [0], [1], [2], [4], [5]])
def checkerboard(n: int) -> list:
    """Return an n x n grid of 0s and 1s laid out like a checkerboard: the top-left cell is 0, and any
    two cells that share a side hold different numbers.

    >>> checkerboard(3)
    [[0, 1, 0], [1, 0, 1], [0, 1, 0]]
    """
    return [[(r + c) % 2 for c in range(n)] for r in range(n)]


@task(
    difficulty="medium",
    inputs=[
        [[[5, 1], [7, 1]], 1],
        [[], 1],
        [[[1, 2], [3, 4]], 4],
        [[[1, 2], [3, 4]], 9],
        [[[0, 0], [0, 0]], 0],
        [[["a", "b"], ["c", "a"]], "c"],
    ],
)
def find_in_grid(grid: list, value):
    """Return [row, column] of the first cell of `grid` that holds `value`, reading the rows from top to
    bottom and each row from left to right. Return None when no cell holds `value`.

    >>> find_in_grid([[5, 1], [7, 1]], 1)
    [0, 1]
    """
    for r, row in enumerate(grid):
        for c, x in enumerate(row):
            if x == value:
                return [r, c]
    return None
