// glpk_shim.h: each solve in one C frame, so that GLPK's fatal errors never abort the process.
//
// GLPK reports invalid input (and its own internal failures) by printing a message and calling
// abort(). Its manual allows the error hook to longjmp instead, provided glp_free_env() runs
// afterwards. Swift cannot call setjmp, so this shim keeps setjmp, the hooks and every GLPK call of
// one solve in a single C frame and returns plain values. Callers validate their models first;
// this is the net under what validation cannot see (GLPK's assertions, out of memory).
#ifndef SEATMIX_GLPK_SHIM_H
#define SEATMIX_GLPK_SHIM_H

#ifdef __cplusplus
extern "C" {
#endif

enum smx_column_kind { SMX_CONTINUOUS = 0, SMX_INTEGER = 1, SMX_BINARY = 2 };

// Bound types, as GLPK's GLP_FR / GLP_LO / GLP_UP / GLP_DB / GLP_FX.
enum smx_bound_type { SMX_FREE = 0, SMX_LOWER = 1, SMX_UPPER = 2, SMX_DOUBLE = 3, SMX_FIXED = 4 };

enum smx_outcome {
  SMX_OPTIMAL = 0,      // proven optimal (within mip_gap, which is 0 unless the caller set one)
  SMX_FEASIBLE = 1,     // an incumbent exists but a limit stopped the search; see stopped_by
  SMX_INFEASIBLE = 2,   // proven: no integer solution exists
  SMX_UNBOUNDED = 3,    // an integer solution exists and the objective decreases without end
  SMX_NO_SOLUTION = 4,  // a limit stopped the search before any incumbent was found
  SMX_SOLVER_ERROR = 5, // GLPK returned an error code it should not for a valid model
  SMX_GLPK_FATAL = 6    // GLPK called its fatal-error path; caught, its environment freed
};

// What stopped a search before it proved optimality. The node and iteration limits count work, so
// they stop the same search at the same place whatever the machine's load; the time limit counts
// wall-clock time and applies only when a caller asks for one. SMX_PRECISION_LIMIT: the cutoff
// re-solve that proves optimality to one objective step (see objective_step) was inconclusive.
enum smx_limit {
  SMX_NO_LIMIT = 0,
  SMX_TIME_LIMIT = 1,
  SMX_GAP_LIMIT = 2,
  SMX_NODE_LIMIT = 3,
  SMX_ITERATION_LIMIT = 4,
  SMX_PRECISION_LIMIT = 5
};

// Branching and backtracking, as GLPK's GLP_BR_* and GLP_BT_* (0 = GLPK's default).
typedef struct {
  int branching;    // GLP_BR_FFV 1, LFV 2, MFV 3, DTH 4, PCH 5
  int backtracking; // GLP_BT_DFS 1, BFS 2, BLB 3, BPH 4
  int presolve;     // 1 = GLPK's MIP presolver (the default), -1 = off
  int cuts;         // bit set: 1 Gomory, 2 MIR, 4 cover, 8 clique
  // Models of at most this many columns (and no coefficient above 1e6; presolve on) have their LP
  // relaxation solved first, by the dual simplex from the slack basis; when its optimum is integral
  // and the only one, it is the answer, with no presolver, scaling or search tree. Any other goes
  // to GLPK's search as usual. 0: off.
  int small_model_columns;
} smx_settings;

typedef struct {
  int num_rows;
  int num_cols;
  const int *col_kind;     // [num_cols], smx_column_kind
  const int *col_bound;    // [num_cols], smx_bound_type
  const double *col_lower; // [num_cols]
  const double *col_upper; // [num_cols]
  const double *objective; // [num_cols], minimized
  double objective_constant;
  const int *row_bound;    // [num_rows], smx_bound_type
  const double *row_lower; // [num_rows]
  const double *row_upper; // [num_rows]
  // The constraint matrix in GLPK's layout: 1-based indices, element 0 of each array unused,
  // so each array holds num_nonzeros + 1 entries.
  int num_nonzeros;
  const int *nz_row;
  const int *nz_col;
  const double *nz_value;
  const char *const *col_names; // optional [num_cols], for LP files and messages
  const char *const *row_names; // optional [num_rows]
  int time_limit_ms;            // wall-clock limit, > 0; or 0 for none
  long node_limit;              // branch-and-bound nodes, > 0; or 0 for none
  long iteration_limit;         // simplex iterations, > 0; or 0 for none
  double mip_gap;               // relative gap at which to stop; 0 = prove optimality
  // When > 0: every integer solution's objective is the constant plus a whole multiple of this
  // step, so "optimal" is proven to mean that no solution is cheaper by one step (a tight tol_obj,
  // and a cutoff re-solve where GLPK's tolerance could hide a step); 0: GLPK's own proof.
  double objective_step;
  smx_settings settings;
} smx_problem;

typedef struct {
  int outcome;        // smx_outcome
  int stopped_by;     // smx_limit, when outcome is SMX_FEASIBLE or SMX_NO_SOLUTION
  int glpk_return;    // glp_intopt's return code
  double objective;   // incumbent objective, when one exists
  double best_bound;  // best proven lower bound (minimization), when the search reported one
  double gap;         // relative gap between incumbent and bound, when known; else -1
  int has_bound;      // best_bound holds a bound: with a plan, or from a search stopped before one
  long nodes;         // branch-and-bound nodes the search created (all solves of this problem)
  long iterations;    // simplex iterations (all solves of this problem)
  int cutoff_solves;  // cutoff re-solves run to prove optimality to one objective step
  int integrality_resolves; // searches run again with a tighter integrality tolerance (0 or 1)
  double *col_values; // caller-allocated [num_cols]; filled when a solution exists
  char message[1024]; // GLPK's own words on SMX_GLPK_FATAL / SMX_SOLVER_ERROR
} smx_result;

// Solves the problem. Returns result->outcome. Never aborts on GLPK's fatal errors.
int smx_solve(const smx_problem *problem, smx_result *result);

// Solves `count` independent problems in order, each as smx_solve would (each in its own guarded
// frame: a fatal error in one leaves the others solved), into results[0..count). Returns count.
// One call for many small problems keeps the caller's per-call costs (timing, crossing into C) off
// each of them.
int smx_solve_many(const smx_problem *problems, smx_result *results, int count);

// Writes the problem in CPLEX LP format (for glpsol and for people). Returns 0 on success,
// SMX_GLPK_FATAL when GLPK failed (message in result), SMX_SOLVER_ERROR when the file could not be
// written.
int smx_write_lp(const smx_problem *problem, const char *path, smx_result *result);

// How many fatal errors this thread has caught so far (for tests and diagnostics).
long smx_caught_fatal_errors(void);

#ifdef __cplusplus
}
#endif

#endif
