using System.Globalization;
using FibreCafe.Client.Correlation;

namespace FibreCafe.Client.Tests;

public sealed class RequestUriCacheTests
{
    [Fact]
    public void Each_absolute_url_is_handed_out_as_the_first_instance_seen()
    {
        var cache = new RequestUriCache();
        var first = new Uri("http://127.0.0.1:8080/v1/service-order-cancellations");

        Assert.Same(first, cache.Reuse(first));
        Assert.Same(first, cache.Reuse(new Uri("http://127.0.0.1:8080/v1/service-order-cancellations")));
        Assert.NotSame(first, cache.Reuse(new Uri("http://127.0.0.1:8080/v1/service-problem-cancellations")));
    }

    [Fact]
    public void Relative_and_missing_urls_pass_through_and_the_cache_stays_bounded()
    {
        var cache = new RequestUriCache();
        var relative = new Uri("/v1/service-order-cancellations", UriKind.Relative);

        Assert.Same(relative, cache.Reuse(relative));
        Assert.Null(cache.Reuse(null));

        for (var i = 0; i < 100; i++)
        {
            cache.Reuse(new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:8080/v1/{i}")));
        }

        var late = new Uri("http://127.0.0.1:8080/v1/late");
        Assert.Same(late, cache.Reuse(late));
        var again = new Uri("http://127.0.0.1:8080/v1/late");
        Assert.Same(again, cache.Reuse(again)); // full: not kept
    }
}
