namespace FibreCafe.Reliability.Tests.Infrastructure;

/// <summary>
/// Waits for something asynchronous: polls until the condition holds, up to a generous limit, and returns as
/// soon as it does. A limit reached is a failure that says what was awaited; nothing asserts a duration.
/// </summary>
internal static class Eventually
{
    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? limit = null)
    {
        var wait = limit ?? TimeSpan.FromSeconds(60);
        var deadline = DateTime.UtcNow + wait;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not reached within {wait.TotalSeconds} s: {what}");
            await Task.Delay(20);
        }
    }

    public static Task HoldsAsync(Func<bool> condition, string what, TimeSpan? limit = null) =>
        HoldsAsync(() => Task.FromResult(condition()), what, limit);
}
