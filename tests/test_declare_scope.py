"""A statement resolves its quantity names in the module that declares them: a later module
declaring the same name with another shape (another paper's ``a`` over ``d``) must not change an
earlier module's statement.  (It did: the suite's shadowed-index test drew ``a`` over ``d`` after
the registry's lemma modules had loaded, and failed only in the full run.)"""
import types

SRC = '''
from adaproof.declare import index, sequence, size, statement
from sympy import Sum
T{tag}, s = size("T"), index("s")
{other}
a = sequence("a", over={over}, domain=">= 0")
def build():
    return statement("scope/{tag}", lhs=Sum(a[s], (s, 1, T{tag})), rhs=Sum(a[s], (s, 1, T{tag})),
                     register=False)
'''


def _module(name, src):
    m = types.ModuleType(name)
    exec(compile(src, name, "exec"), m.__dict__)
    return m


def test_a_later_declaration_of_the_same_name_does_not_change_an_earlier_statement():
    first = _module("scope_first", SRC.format(tag="", other="", over="(1, T)"))
    _module("scope_second", SRC.format(tag="", other='d = size("d")', over="(1, d)"))
    stmt = first.build()
    a = next(q for q in stmt.quantities if q.name == "a")
    assert a.extent == ("T",)
    assert "d" not in {q.name for q in stmt.quantities}
