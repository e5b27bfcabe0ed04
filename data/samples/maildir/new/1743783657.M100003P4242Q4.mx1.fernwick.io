From: Kit Bramley <kit@briskcouriers.co.uk>
To: Dana Whitlock <dana.whitlock@fernwick.io>
Subject: Re: Brisk renewal quote
Date: Fri, 04 Apr 2025 17:20:57 +0100
Message-ID: <790B28E7-9043-15E7-5C48-739E2A567E92@briskcouriers.co.uk>
In-Reply-To: <CArEsGpmWEHNjvDs_nf6HX8cXtsS0AC4B06@mail.gmail.com>
References: <CADqOwzEkSc8kYVkiXH4ZFwxnGxp00EA3B0@mail.gmail.com>
 <544B165F-7880-C99E-A2FE-958DDB25C76E@briskcouriers.co.uk>
 <CArEsGpmWEHNjvDs_nf6HX8cXtsS0AC4B06@mail.gmail.com>
X-Mailer: iPhone Mail (22D72)
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"; format=flowed
Content-Transfer-Encoding: 7bit

Done.

Sent from my iPhone

> On 4 Apr 2025, at 16:50, Dana Whitlock <dana.whitlock@fernwick.io> wrote:
>
> Here's the e-signature link: sign.fernwick.io/brisk-2025. Thanks Kit!
>
> -- 
> Dana Whitlock
> Senior Account Manager | Fernwick Data
> +44 20 7946 0321 | fernwick.io
>
> On Fri, Apr 4, 2025 at 4:35 PM Kit Bramley <kit@briskcouriers.co.uk> wrote:
>
>> Fine. Sign where?
>>
>> Sent from my iPhone
>>
>>> On 4 Apr 2025, at 14:00, Dana Whitlock <dana.whitlock@fernwick.io> wrote:
>>>
>>> Hi Kit,
>>>
>>> Renewal quote attached: same price as this year, plus Leeds. Happy to talk it through.
>>>
>>> -- 
>>> Dana Whitlock
>>> Senior Account Manager | Fernwick Data
>>> +44 20 7946 0321 | fernwick.io
