namespace FibreCafe.Kci.Tests.Infrastructure;

/// <summary>
/// Waits for something the background dispatcher does: polls until the condition holds, up to a
/// generous limit, and returns as soon as it does. Never a timing assertion.
/// </summary>
internal static class Eventually
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    public static async Task HoldsAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Not reached within {Limit.TotalSeconds} s: {what}");
            }

            await Task.Delay(10);
        }
    }

    public static async Task<T> ReturnsAsync<T>(Func<Task<T?>> probe, string what)
        where T : class
    {
        var deadline = DateTime.UtcNow + Limit;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Not reached within {Limit.TotalSeconds} s: {what}");
            }

            await Task.Delay(10);
        }
    }
}
