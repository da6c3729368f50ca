using FibreCafe.Operations.Rendering;
using Microsoft.AspNetCore.Http;

namespace FibreCafe.Operations.Tests.Http;

public sealed class RelativeLinkTests
{
    [Theory]
    [InlineData("/fibrecafe/", "./")]
    [InlineData("/fibrecafe/inbox", "./")]
    [InlineData("/fibrecafe/inbox/", "../")]
    [InlineData("/fibrecafe/inbox/0b5e", "../")]
    [InlineData("/fibrecafe/inbox/0b5e/replay", "../../")]
    [InlineData("/FibreCafe/requests/1", "../")]
    [InlineData("/ops/team/requests/1", "../")]
    public void The_way_back_to_the_mount_is_relative_to_the_request_path(string path, string root)
    {
        var prefix = path.StartsWith("/ops", StringComparison.Ordinal) ? "/ops/team" : "/fibrecafe";

        Assert.Equal(root, OperationsPage.RootOf(new PathString(path), prefix));
    }

    [Fact]
    public void A_query_string_encodes_its_values_for_an_attribute_and_leaves_out_empty_ones()
    {
        Assert.Equal("?a=1&amp;b=x%20%26%20%22y%22", Html.Query(("a", "1"), ("empty", ""), ("none", null), ("b", "x & \"y\"")));
        Assert.Equal(string.Empty, Html.Query(("none", null)));
    }

    [Fact]
    public void A_notice_is_chosen_by_code_so_a_crafted_link_cannot_put_its_own_words_on_the_page()
    {
        Assert.NotNull(Notices.Text(Notices.Replayed));
        Assert.Null(Notices.Text("<script>alert(1)</script>"));
        Assert.Null(Notices.Text(null));
    }

    [Theory]
    [InlineData(0.4, "400 ms")]
    [InlineData(5.2, "5.2 s")]
    [InlineData(245, "4 min 5 s")]
    [InlineData(3 * 3600 + 20 * 60, "3 h 20 min")]
    [InlineData(2 * 86400 + 3600, "2 d 1 h")]
    public void Ages_read_as_a_person_says_them(double seconds, string expected) =>
        Assert.Equal(expected, Html.Age(TimeSpan.FromSeconds(seconds)));
}
