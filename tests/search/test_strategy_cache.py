"""The memoised strategy constructors of adaproof.search.strategies: one object per distinct
arguments, where 1 and 1.0, 0.0 and -0.0 are distinct arguments."""
from hypothesis import given, settings

from adaproof.search import strategies as S


def test_same_arguments_same_object_distinct_arguments_distinct_objects():
    st = S.st
    assert st.sampled_from([0.5, 0.9]) is st.sampled_from([0.5, 0.9])
    assert st.integers(1, 15) is st.integers(1, 15)
    assert st.sampled_from([1, 2]) is not st.sampled_from([1.0, 2.0])
    assert st.just(0.0) is not st.just(-0.0)
    assert st.floats(0.0, 1.0) is not st.floats(-0.0, 1.0)
    assert st.sampled_from([1, 2]) is not st.sampled_from((1, 2))
    assert S.scales(-30.0, 30.0) is S.scales(-30.0, 30.0)
    unhashable = st.sampled_from([{"a": 1.0}])  # falls through to the plain constructor
    assert unhashable is not st.sampled_from([{"a": 1.0}])


@settings(max_examples=30, database=None, deadline=None)
@given(S.st.sampled_from([1, 2]), S.st.sampled_from([1.0, 2.0]), S.st.just(-0.0))
def test_cached_strategies_draw_their_own_values(i, f, z):
    assert type(i) is int and type(f) is float
    assert str(z) == "-0.0"
