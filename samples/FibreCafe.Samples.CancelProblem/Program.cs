// Cancels a service problem: dotnet run --project samples/FibreCafe.Samples.CancelProblem -- --problem-id 123 --reason ISSUE_RESOLVED
// With no FibreCafe:BaseAddress configured it runs the whole round trip on the embedded sandbox.
return await FibreCafe.Samples.SampleRunner.RunAsync(args, FibreCafe.Samples.CancellationJob.Problem);
